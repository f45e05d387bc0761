package org.tokenheatmap.engine.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads OpenAI's GPT-2 vocabulary: {@code encoder.json} (token string to id) and {@code vocab.bpe}
 * (a "#version" line, then one merge "left right" per line in rank order). {@code <|endoftext|>} is the
 * control token that serves as BOS and EOS; no BOS is added (as llama.cpp does for GPT-2).
 */
public final class Gpt2EncoderLoader {
    static final String END_OF_TEXT = "<|endoftext|>";

    private Gpt2EncoderLoader() {}

    public static Vocabulary load(Path encoderJson, Path vocabBpe) {
        List<String> tokens = readEncoder(encoderJson);
        List<String> merges = readMerges(vocabBpe);
        TokenType[] types = new TokenType[tokens.size()];
        int endOfText = tokens.indexOf(END_OF_TEXT);
        for (int i = 0; i < types.length; i++) types[i] = i == endOfText ? TokenType.CONTROL : TokenType.NORMAL;
        int special = endOfText >= 0 ? endOfText : SpecialTokens.NONE;
        try {
            return new Vocabulary(TokenizerKind.BPE, tokens, null, types, merges, PreTokenizer.GPT2.ggufName(),
                    new SpecialTokens(special, special, SpecialTokens.NONE, SpecialTokens.NONE), false, false, false, false);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(encoderJson, "", e.getMessage(), e);
        }
    }

    private static List<String> readEncoder(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) throw new BadInputException(file, "", "expected an object of token -> id");
        return HuggingFaceTokenizerLoader.tokensById(file, "", root, Map.of());
    }

    private static List<String> readMerges(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file, "", "cannot read: " + e.getMessage(), e);
        }
        List<String> merges = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            if (line.indexOf(' ', 1) < 0) throw new BadInputException(file, "line " + (i + 1), "expected 'left right'");
            merges.add(line);
        }
        return merges;
    }
}
