package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufValueType;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.SpecialTokens;
import org.tokenheatmap.engine.tokenizer.TokenType;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.formats.BadInputException;

/** GGUF "tokenizer.*" metadata for a generated model, taken from another GGUF or from a llama2.c tokenizer.bin. */
public final class TokenizerMetadata {
    private TokenizerMetadata() {}

    /** Every {@code tokenizer.*} entry of {@code gguf}. */
    public static Map<String, GgufValue> fromGguf(Path gguf) {
        try (GgufFile f = GgufFile.open(gguf)) {
            Map<String, GgufValue> out = new LinkedHashMap<>();
            f.metadata().asMap().forEach((k, v) -> { if (k.startsWith("tokenizer.")) out.put(k, v); });
            if (!out.containsKey("tokenizer.ggml.tokens")) {
                throw new BadInputException(gguf, "metadata key tokenizer.ggml.tokens", "missing: the file has no tokenizer");
            }
            return out;
        }
    }

    /**
     * A SentencePiece tokenizer from llama2.c's tokenizer.bin (e.g. the 32,000-token Llama 2 vocabulary), read by
     * {@link Llama2cTokenizerLoader} (which restores '▁' and unwraps BOS/EOS) and written by {@link #fromVocabulary}.
     */
    public static Map<String, GgufValue> fromLlama2cTokenizer(Path bin) throws IOException {
        return fromVocabulary(Llama2cTokenizerLoader.load(bin));
    }

    /**
     * {@code tokenizer.ggml.*} for a loaded vocabulary, as llama.cpp's converter writes it: model, tokens, scores
     * (SentencePiece), token types, merges and pre-tokenizer (BPE), the special ids that exist (UINT32), add_bos.
     */
    public static Map<String, GgufValue> fromVocabulary(Vocabulary v) {
        if (v.kind().ggufName() == null) {
            throw new IllegalArgumentException(v.kind() + " vocabularies have no GGUF form (GGUF keeps SentencePiece as scores)");
        }
        Map<String, GgufValue> out = new LinkedHashMap<>();
        out.put("tokenizer.ggml.model", GgufValue.ofString(v.kind().ggufName()));
        out.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufValueType.STRING, v.tokens().toArray(String[]::new)));
        if (v.scores() != null) out.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, v.scores()));
        int[] types = Arrays.stream(v.types()).mapToInt(TokenType::code).toArray();
        out.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, types));
        if (!v.merges().isEmpty()) {
            out.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufValueType.STRING, v.merges().toArray(String[]::new)));
            out.put("tokenizer.ggml.pre", GgufValue.ofString(v.preTokenizer()));
        }
        SpecialTokens special = v.special();
        putId(out, "unknown_token_id", special.unk());
        putId(out, "bos_token_id", special.bos());
        putId(out, "eos_token_id", special.eos());
        putId(out, "padding_token_id", special.pad());
        out.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(v.addBos()));
        return out;
    }

    private static void putId(Map<String, GgufValue> out, String key, int id) {
        if (id != SpecialTokens.NONE) out.put("tokenizer.ggml." + key, GgufValue.ofUint32(id));
    }

    /** Number of tokens in tokenizer metadata. */
    public static int vocabSize(Map<String, GgufValue> tokenizer) {
        return ((org.tokenheatmap.engine.gguf.GgufArray) tokenizer.get("tokenizer.ggml.tokens").value()).length();
    }
}
