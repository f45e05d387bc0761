package org.tokenheatmap.engine.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face {@code tokenizer.json} with a BPE model, of either kind these families ship:
 * <ul>
 *   <li>byte-level BPE (GPT-2, Llama 3, Qwen 2/3, Mistral Nemo, SmolLM): the pre-tokenizer is recognised by its
 *       regex steps ({@code Split}, {@code Digits}, {@code ByteLevel}; see {@link PreTokenizer});</li>
 *   <li>SentencePiece-style BPE (Llama 2, Gemma, Phi-3, Mistral): {@code byte_fallback}, spaces as U+2581 through a
 *       {@code Replace} normalizer or a {@code Metaspace} pre-tokenizer, a dummy prefix from {@code Prepend} or
 *       Metaspace's {@code prepend_scheme} ({@link SpmBpeTokenizer}).</li>
 * </ul>
 * Any other component is refused naming it. Added tokens become CONTROL when "special", else USER_DEFINED.
 * BOS/EOS and add_bos/add_eos come from a {@code tokenizer_config.json} next to the file when there is one
 * (add_bos otherwise from the post-processor's template); extra end-of-generation ids from
 * {@code generation_config.json}'s {@code eos_token_id}.
 */
public final class HuggingFaceTokenizerLoader {
    /** More ids than any real vocabulary; bounds the token list an untrusted file can make us allocate. */
    static final int MAX_TOKENS = 4_000_000;
    private static final String SPACE_MARK = String.valueOf(SpaceMarkCuts.SPACE_MARK);

    private HuggingFaceTokenizerLoader() {}

    public static Vocabulary load(Path tokenizerJson) {
        JsonNode root = readJson(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asString(""))) {
            throw new BadInputException(tokenizerJson, "/model/type", "only BPE models are supported, not " + model.path("type"));
        }
        for (String affix : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(affix).asString("").isEmpty()) {
                throw new BadInputException(tokenizerJson, "/model/" + affix, "not supported: " + model.path(affix));
            }
        }
        if (!model.path("dropout").isNull() && !model.path("dropout").isMissingNode()) {
            throw new BadInputException(tokenizerJson, "/model/dropout", "BPE dropout is not supported");
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
        boolean byteLevel = isByteLevel(root.path("decoder"));
        boolean sentencePiece = !byteLevel && model.path("byte_fallback").asBoolean(false);
        if (!byteLevel && !sentencePiece) {
            throw new BadInputException(tokenizerJson, "/decoder", "neither byte-level BPE (ByteLevel decoder) nor SentencePiece-style"
                    + " BPE (byte_fallback) is supported here: " + root.path("decoder"));
        }
        TokenType[] types = new TokenType[tokens.size()];
        Set<String> vocabTexts = Set.copyOf(model.path("vocab").propertyNames());
        for (int id = 0; id < types.length; id++) {
            String text = tokens.get(id);
            types[id] = sentencePiece && ByteTokens.parseByteToken(text) >= 0 ? TokenType.BYTE
                    : text.equals(gapToken(id)) && !vocabTexts.contains(text) ? TokenType.UNUSED : TokenType.NORMAL;
        }
        added.forEach((id, token) -> types[id] = token.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED);
        int unk = specialId(tokens, model.path("unk_token"));
        if (unk != SpecialTokens.NONE && types[unk] == TokenType.NORMAL) types[unk] = TokenType.UNKNOWN;

        List<String> merges = merges(tokenizerJson, model.path("merges"));
        JsonNode config = readSibling(tokenizerJson, "tokenizer_config.json");
        int bos = specialId(tokens, config.path("bos_token"));
        int eos = specialId(tokens, config.path("eos_token"));
        boolean addBos = config.path("add_bos_token").asBoolean(bos != SpecialTokens.NONE && prependsBos(root.path("post_processor"), tokens.get(bos)));
        boolean addEos = config.path("add_eos_token").asBoolean(false);
        SpecialTokens special = new SpecialTokens(bos, eos, unk, SpecialTokens.NONE);
        int[] endOfGeneration = Vocabulary.endOfGeneration(tokens, special, generationEosIds(tokenizerJson, tokens.size()));
        boolean ignoreMerges = model.path("ignore_merges").asBoolean(false);
        try {
            if (byteLevel) {
                requireNormalizer(tokenizerJson, root.path("normalizer"), List.of("NFC"));
                PreTokenizer pre = byteLevelPreTokenizer(tokenizerJson, root.path("pre_tokenizer"));
                return new Vocabulary(TokenizerKind.BPE, tokens, null, types, merges, pre.ggufName(), special,
                        addBos, addEos, false, ignoreMerges, false, endOfGeneration);
            }
            SpacePrefix prefix = sentencePieceSpaces(tokenizerJson, root.path("normalizer"), root.path("pre_tokenizer"));
            return new Vocabulary(TokenizerKind.SPM_BPE, tokens, null, types, merges, "default", special,
                    addBos, addEos, prefix != SpacePrefix.NONE, ignoreMerges, prefix == SpacePrefix.INPUT_START, endOfGeneration);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(tokenizerJson, "", e.getMessage(), e);
        }
    }

    /** The placeholder text of an id no token has (GPT-4o leaves gaps before its added tokens), as llama.cpp's converter writes it. */
    static String gapToken(int id) { return "[PAD" + id + "]"; }

    /**
     * Token strings indexed by id from a {"token": id} object plus added tokens. Ids no token has (gaps below the
     * highest id) get {@link #gapToken} placeholders, which the loader marks UNUSED.
     */
    static List<String> tokensById(Object file, String place, JsonNode vocab, Map<Integer, String> added) {
        if (!vocab.isObject()) throw new BadInputException(file, place, "expected an object of token -> id");
        int count = Math.max(vocab.size() + added.size(), added.keySet().stream().mapToInt(id -> id + 1).max().orElse(0));
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
        for (int id = 0; id <= last; id++) tokens.add(byId[id] != null ? byId[id] : gapToken(id));
        return tokens;
    }

    private static boolean isByteLevel(JsonNode decoder) {
        return decoder.path("type").asString("").equals("ByteLevel");
    }

    /** Only these normalizer types (alone or in a Sequence) may appear; NFC is not applied (as in llama.cpp). */
    private static void requireNormalizer(Path file, JsonNode normalizer, List<String> allowed) {
        for (JsonNode step : steps(normalizer, "normalizers")) {
            String type = step.path("type").asString("");
            if (!allowed.contains(type)) throw new BadInputException(file, "/normalizer", "unsupported normalizer " + step);
        }
    }

    /** The node's steps: the members of a Sequence, the node itself, or none for null. */
    private static List<JsonNode> steps(JsonNode node, String member) {
        if (node.isNull() || node.isMissingNode()) return List.of();
        return node.path("type").asString("").equals("Sequence") ? List.copyOf(node.path(member).values()) : List.of(node);
    }

    /** Byte-level pre-tokenizer: its regex steps, matched against {@link PreTokenizer}'s definitions. */
    private static PreTokenizer byteLevelPreTokenizer(Path file, JsonNode node) {
        List<String> regexes = new ArrayList<>();
        for (JsonNode step : steps(node, "pretokenizers")) {
            switch (step.path("type").asString("")) {
                case "Split" -> {
                    String behavior = step.path("behavior").asString("");
                    boolean invert = step.path("invert").asBoolean(false);
                    // Removed+invert keeps the matches and drops the gaps; the known patterns match every character.
                    if (!step.path("pattern").path("Regex").isString() || !(behavior.equals("Isolated") && !invert || behavior.equals("Removed") && invert)) {
                        throw new BadInputException(file, "/pre_tokenizer", "unsupported Split " + step);
                    }
                    regexes.add(step.path("pattern").path("Regex").stringValue());
                }
                case "Digits" -> regexes.add(step.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+");
                case "ByteLevel" -> {
                    if (step.path("add_prefix_space").asBoolean(false)) {
                        throw new BadInputException(file, "/pre_tokenizer", "ByteLevel add_prefix_space is not supported");
                    }
                    if (step.path("use_regex").asBoolean(true)) regexes.add(PreTokenizer.GPT2.regexes().getFirst());
                }
                default -> throw new BadInputException(file, "/pre_tokenizer", "unsupported pre-tokenizer step " + step);
            }
        }
        try {
            return PreTokenizer.forRegexes(regexes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "/pre_tokenizer", e.getMessage());
        }
    }

    /** Where a SentencePiece-style tokenizer puts its dummy U+2581. */
    private enum SpacePrefix { NONE, EVERY_FRAGMENT, INPUT_START }

    /**
     * Checks that spaces become U+2581 (a {@code Replace} normalizer, or a {@code Metaspace} pre-tokenizer without
     * splitting) and finds the dummy prefix ({@code Prepend} normalizer or Metaspace's prepend scheme).
     */
    private static SpacePrefix sentencePieceSpaces(Path file, JsonNode normalizer, JsonNode preTokenizer) {
        boolean replaces = false;
        SpacePrefix prefix = SpacePrefix.NONE;
        for (JsonNode step : steps(normalizer, "normalizers")) {
            String type = step.path("type").asString("");
            if (type.equals("Replace") && " ".equals(step.path("pattern").path("String").asString(null))
                    && SPACE_MARK.equals(step.path("content").asString(""))) {
                replaces = true;
            } else if (type.equals("Prepend") && SPACE_MARK.equals(step.path("prepend").asString(""))) {
                prefix = SpacePrefix.EVERY_FRAGMENT;
            } else {
                throw new BadInputException(file, "/normalizer", "unsupported normalizer " + step);
            }
        }
        for (JsonNode step : steps(preTokenizer, "pretokenizers")) {
            String type = step.path("type").asString("");
            if (type.equals("Metaspace")) {
                if (!SPACE_MARK.equals(step.path("replacement").asString(SPACE_MARK)) || step.path("split").asBoolean(true)) {
                    throw new BadInputException(file, "/pre_tokenizer", "only Metaspace with replacement U+2581 and split=false is supported: " + step);
                }
                replaces = true;
                String scheme = step.path("prepend_scheme").asString(step.path("add_prefix_space").asBoolean(true) ? "always" : "never");
                prefix = switch (scheme) {
                    case "always" -> SpacePrefix.EVERY_FRAGMENT;
                    case "first" -> SpacePrefix.INPUT_START;
                    case "never" -> SpacePrefix.NONE;
                    default -> throw new BadInputException(file, "/pre_tokenizer", "unknown Metaspace prepend_scheme '" + scheme + "'");
                };
            } else if (!(type.equals("Split") && replaces && " ".equals(step.path("pattern").path("String").asString(null)))) {
                // Gemma's Split on " " runs after the normalizer has turned every space into U+2581: it never cuts.
                throw new BadInputException(file, "/pre_tokenizer", "unsupported pre-tokenizer step " + step);
            }
        }
        if (!replaces) throw new BadInputException(file, "/normalizer", "a SentencePiece-style BPE must turn spaces into U+2581");
        return prefix;
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

    private static JsonNode readSibling(Path tokenizerJson, String name) {
        Path config = tokenizerJson.resolveSibling(name);
        return Files.isRegularFile(config) ? readJson(config) : Json.mapper().createObjectNode();
    }

    /** generation_config.json's {@code eos_token_id}: one id or a list of them (Llama 3 instruct lists three). */
    private static int[] generationEosIds(Path tokenizerJson, int vocabularySize) {
        JsonNode eos = readSibling(tokenizerJson, "generation_config.json").path("eos_token_id");
        List<JsonNode> ids = eos.isArray() ? List.copyOf(eos.values()) : eos.isMissingNode() || eos.isNull() ? List.of() : List.of(eos);
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            int id = ids.get(i).asInt(-1);
            if (!ids.get(i).isIntegralNumber() || id < 0 || id >= vocabularySize) {
                throw new BadInputException(tokenizerJson.resolveSibling("generation_config.json"), "/eos_token_id",
                        "id " + ids.get(i) + " is not in 0.." + (vocabularySize - 1));
            }
            out[i] = id;
        }
        return out;
    }

    private static int specialId(List<String> tokens, JsonNode token) {
        String text = token.isObject() ? token.path("content").asString("") : token.asString("");
        int id = text.isEmpty() ? -1 : tokens.indexOf(text);
        return id >= 0 ? id : SpecialTokens.NONE;
    }

    /** Whether the post-processor's template (alone or in a Sequence) starts a single sequence with BOS. */
    private static boolean prependsBos(JsonNode postProcessor, String bosText) {
        for (JsonNode processor : steps(postProcessor, "processors")) {
            JsonNode single = processor.path("single");
            if (single.isArray() && single.size() > 0 && bosText.equals(single.get(0).path("SpecialToken").path("id").asString(""))) return true;
        }
        return false;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
