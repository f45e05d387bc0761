package org.tokenheatmap.engine.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face {@code tokenizer.json} with a byte-level BPE model (GPT-2, Llama 3, Qwen 2 families).
 * The pre-tokenizer is recognised by its Split regex (or a bare ByteLevel one, which is GPT-2's); added
 * tokens become CONTROL when "special", else USER_DEFINED. BOS/EOS and add_bos/add_eos come from a
 * {@code tokenizer_config.json} next to the file when there is one.
 */
public final class HuggingFaceTokenizerLoader {
    /** More ids than any real vocabulary; bounds the token list an untrusted file can make us allocate. */
    static final int MAX_TOKENS = 4_000_000;

    private HuggingFaceTokenizerLoader() {}

    public static Vocabulary load(Path tokenizerJson) {
        JsonNode root = readJson(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asString(""))) {
            throw new BadInputException(tokenizerJson, "/model/type", "only BPE models are supported");
        }
        if (!root.path("decoder").path("type").asString("").equals("ByteLevel")) {
            throw new BadInputException(tokenizerJson, "/decoder", "only byte-level BPE (ByteLevel decoder) is supported");
        }
        Map<Integer, JsonNode> added = new TreeMap<>();
        for (JsonNode token : root.path("added_tokens").values()) {
            int id = token.path("id").asInt(-1);
            if (id < 0 || id >= MAX_TOKENS || !token.path("content").isString()) {
                throw new BadInputException(tokenizerJson, "/added_tokens", "added token without a valid id and content: " + token);
            }
            added.put(id, token);
        }
        Map<Integer, String> addedText = new TreeMap<>();
        added.forEach((id, token) -> addedText.put(id, token.path("content").stringValue()));
        List<String> tokens = tokensById(tokenizerJson, "/model/vocab", model.path("vocab"), addedText);
        TokenType[] types = new TokenType[tokens.size()];
        Arrays.fill(types, TokenType.NORMAL);
        added.forEach((id, token) -> types[id] = token.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED);

        PreTokenizer pre = preTokenizer(tokenizerJson, root.path("pre_tokenizer"));
        List<String> merges = merges(tokenizerJson, model.path("merges"));
        JsonNode config = readConfig(tokenizerJson);
        int bos = specialId(tokens, config.path("bos_token"));
        int eos = specialId(tokens, config.path("eos_token"));
        boolean addBos = config.path("add_bos_token").asBoolean(bos != SpecialTokens.NONE && prependsBos(root, tokens.get(bos)));
        boolean addEos = config.path("add_eos_token").asBoolean(false);
        try {
            return new Vocabulary(TokenizerKind.BPE, tokens, null, types, merges, pre.ggufName(),
                    new SpecialTokens(bos, eos, SpecialTokens.NONE, SpecialTokens.NONE),
                    addBos, addEos, false, model.path("ignore_merges").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(tokenizerJson, "", e.getMessage(), e);
        }
    }

    /** Token strings indexed by id from a {"token": id} object plus added tokens; every id must be covered. */
    static List<String> tokensById(Object file, String place, JsonNode vocab, Map<Integer, String> added) {
        if (!vocab.isObject()) throw new BadInputException(file, place, "expected an object of token -> id");
        int count = vocab.size() + added.size();
        if (count > MAX_TOKENS) throw new BadInputException(file, place, count + " tokens is more than " + MAX_TOKENS);
        String[] byId = new String[count];
        for (var entry : vocab.properties()) {
            int id = entry.getValue().asInt(-1);
            if (!entry.getValue().isIntegralNumber() || id < 0 || id >= count) {
                throw new BadInputException(file, place + "/" + entry.getKey(), "id " + entry.getValue() + " is not in 0.." + (count - 1));
            }
            byId[id] = entry.getKey();
        }
        added.forEach((id, text) -> {
            if (id >= count) throw new BadInputException(file, "/added_tokens", "id " + id + " leaves a gap in the vocabulary");
            byId[id] = text;
        });
        List<String> tokens = new ArrayList<>(count);
        int last = count - 1;
        while (last >= 0 && byId[last] == null) last--;
        for (int id = 0; id <= last; id++) {
            if (byId[id] == null) throw new BadInputException(file, place, "no token has id " + id);
            tokens.add(byId[id]);
        }
        return tokens;
    }

    private static PreTokenizer preTokenizer(Path file, JsonNode node) {
        List<JsonNode> steps = node.path("type").asString("").equals("Sequence")
                ? List.copyOf(node.path("pretokenizers").values()) : List.of(node);
        for (JsonNode step : steps) {
            String type = step.path("type").asString("");
            try {
                if (type.equals("Split")) return PreTokenizer.forRegex(step.path("pattern").path("Regex").asString(""));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, "/pre_tokenizer", e.getMessage());
            }
            if (type.equals("ByteLevel") && step.path("use_regex").asBoolean(true)) return PreTokenizer.GPT2;
        }
        throw new BadInputException(file, "/pre_tokenizer", "no supported Split regex or ByteLevel pre-tokenizer");
    }

    private static List<String> merges(Path file, JsonNode node) {
        List<String> merges = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode merge : node.values()) {
            // older files write "left right", newer ones ["left", "right"]
            String text = merge.isArray() && merge.size() == 2 && merge.get(0).isString() && merge.get(1).isString()
                    ? merge.get(0).stringValue() + " " + merge.get(1).stringValue()
                    : merge.asString("");
            if (text.indexOf(' ', 1) < 0) throw new BadInputException(file, "/model/merges/" + i, "expected 'left right'");
            merges.add(text);
            i++;
        }
        return merges;
    }

    private static JsonNode readConfig(Path tokenizerJson) {
        Path config = tokenizerJson.resolveSibling("tokenizer_config.json");
        return Files.isRegularFile(config) ? readJson(config) : Json.mapper().createObjectNode();
    }

    private static int specialId(List<String> tokens, JsonNode token) {
        String text = token.isObject() ? token.path("content").asString("") : token.asString("");
        int id = text.isEmpty() ? -1 : tokens.indexOf(text);
        return id >= 0 ? id : SpecialTokens.NONE;
    }

    private static boolean prependsBos(JsonNode root, String bosText) {
        JsonNode single = root.path("post_processor").path("single");
        return single.isArray() && single.size() > 0 && bosText.equals(single.get(0).path("SpecialToken").path("id").asString(""));
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
