package org.tokenheatmap.engine.tokenizer;

import java.util.Arrays;
import java.util.List;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufMetadata;
import org.tokenheatmap.formats.BadInputException;

/**
 * Reads the tokenizer embedded in GGUF metadata ({@code tokenizer.ggml.*}), with llama.cpp's defaults for
 * absent keys: SentencePiece BOS 1, EOS 2, UNK 0, add_bos true, dummy prefix on (Gemma's files turn it off with
 * {@code add_space_prefix = false}); byte-level BPE no prefix and no BOS added except for the pre-tokenizers that
 * add one ({@code llama-bpe}, {@code tekken}). Those two also emit a pre-token whole when it is in the vocabulary
 * (ignore_merges). End-of-generation ids: EOS, {@code eot_token_id}, {@code eom_token_id} and the tokens named
 * like end-of-turn markers ({@link Vocabulary#endOfGeneration}).
 */
public final class GgufTokenizerLoader {
    private static final String PREFIX = "tokenizer.ggml.";

    private GgufTokenizerLoader() {}

    public static Vocabulary load(GgufFile gguf) {
        return load(gguf.metadata(), gguf.path());
    }

    public static Vocabulary load(GgufMetadata md, Object file) {
        TokenizerKind kind;
        try {
            kind = TokenizerKind.fromGgufName(md.getString(PREFIX + "model"));
        } catch (IllegalArgumentException e) {
            throw bad(file, "model", e.getMessage());
        }
        List<String> tokens = Arrays.asList(md.getStringArray(PREFIX + "tokens"));
        boolean spm = kind == TokenizerKind.SPM;
        float[] scores = md.contains(PREFIX + "scores") ? md.getFloatArray(PREFIX + "scores") : null;
        if (spm && scores == null) throw bad(file, "scores", "missing; a SentencePiece vocabulary needs scores");
        TokenType[] types = tokenTypes(md, file, tokens, spm);
        List<String> merges = md.contains(PREFIX + "merges") ? Arrays.asList(md.getStringArray(PREFIX + "merges")) : List.of();
        if (!spm && merges.isEmpty()) throw bad(file, "merges", "missing; a BPE vocabulary needs merges");
        String pre = md.findString(PREFIX + "pre").orElse("default");
        PreTokenizer preTokenizer = null;
        if (!spm) {
            try {
                preTokenizer = PreTokenizer.forGgufName(pre);
            } catch (IllegalArgumentException e) {
                throw bad(file, "pre", e.getMessage());
            }
        }
        int n = tokens.size();
        SpecialTokens special = new SpecialTokens(
                md.getTokenId(PREFIX + "bos_token_id", spm ? 1 : SpecialTokens.NONE, n),
                md.getTokenId(PREFIX + "eos_token_id", spm ? 2 : SpecialTokens.NONE, n),
                md.getTokenId(PREFIX + "unknown_token_id", spm ? 0 : SpecialTokens.NONE, n),
                md.getTokenId(PREFIX + "padding_token_id", SpecialTokens.NONE, n));
        boolean addBosByDefault = spm || preTokenizer.addsBosByDefault();
        int[] endOfGeneration = Vocabulary.endOfGeneration(tokens, special,
                md.getTokenId(PREFIX + "eot_token_id", SpecialTokens.NONE, n), md.getTokenId(PREFIX + "eom_token_id", SpecialTokens.NONE, n));
        try {
            return new Vocabulary(kind, tokens, spm ? scores : null, types, spm ? List.of() : merges, pre, special,
                    flag(md, "add_bos_token", addBosByDefault), flag(md, "add_eos_token", false), flag(md, "add_space_prefix", spm),
                    !spm && preTokenizer.ignoresMerges(), false, endOfGeneration);
        } catch (IllegalArgumentException e) {
            throw bad(file, "tokens", e.getMessage());
        }
    }

    private static TokenType[] tokenTypes(GgufMetadata md, Object file, List<String> tokens, boolean spm) {
        if (!md.contains(PREFIX + "token_type")) {
            if (spm) return Vocabulary.inferSentencePieceTypes(tokens);
            TokenType[] normal = new TokenType[tokens.size()];
            Arrays.fill(normal, TokenType.NORMAL);
            return normal;
        }
        int[] codes = md.getIntArray(PREFIX + "token_type");
        TokenType[] types = new TokenType[codes.length];
        for (int i = 0; i < codes.length; i++) {
            try {
                types[i] = TokenType.fromCode(codes[i]);
            } catch (IllegalArgumentException e) {
                throw bad(file, "token_type", "element " + i + ": " + e.getMessage());
            }
        }
        return types;
    }

    private static boolean flag(GgufMetadata md, String key, boolean defaultValue) {
        return md.contains(PREFIX + key) ? md.getBoolean(PREFIX + key) : defaultValue;
    }

    private static BadInputException bad(Object file, String key, String reason) {
        return new BadInputException(file, "metadata key " + PREFIX + key, reason);
    }
}
