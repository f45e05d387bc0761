package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufValueType;
import org.tokenheatmap.formats.BadInputException;

/** GGUF "tokenizer.*" metadata for a generated model, taken from another GGUF or from a llama2.c tokenizer.bin. */
public final class TokenizerMetadata {
    /** llama.cpp token types. */
    private static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;

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
     * A SentencePiece ("llama") tokenizer from llama2.c's tokenizer.bin: int32 max_token_length, then per token a
     * float32 score, an int32 byte length and the bytes. llama2.c stores '▁' as ' ' and wraps BOS/EOS in newlines;
     * both are undone so the pieces match the SentencePiece model. Ids 0/1/2 are unk/bos/eos as in Llama 2.
     */
    public static Map<String, GgufValue> fromLlama2cTokenizer(Path bin) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) throw new BadInputException(bin, "byte 0", "too short for a tokenizer.bin header");
        in.getInt(); // max_token_length: not needed
        List<String> tokens = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 8) throw new BadInputException(bin, "byte " + at, "truncated token entry");
            float score = in.getFloat();
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) throw new BadInputException(bin, "byte " + (at + 4), "token length " + len + " runs past the end");
            byte[] b = new byte[len];
            in.get(b);
            tokens.add(new String(b, StandardCharsets.UTF_8));
            scores.add(score);
        }
        if (tokens.size() < 3) throw new BadInputException(bin, "", "needs at least unk, bos and eos tokens");
        int n = tokens.size();
        String[] pieces = new String[n];
        float[] scoreArray = new float[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            String t = i == 1 || i == 2 ? tokens.get(i).strip() : tokens.get(i);
            pieces[i] = t.replace(' ', '\u2581');
            scoreArray[i] = scores.get(i);
            types[i] = i == 0 ? UNKNOWN : i <= 2 ? CONTROL : t.matches("<0x[0-9A-F]{2}>") ? BYTE : NORMAL;
        }
        Map<String, GgufValue> out = new LinkedHashMap<>();
        out.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        out.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufValueType.STRING, pieces));
        out.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, scoreArray));
        out.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, types));
        out.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUint32(0));
        out.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(1));
        out.put("tokenizer.ggml.eos_token_id", GgufValue.ofUint32(2));
        out.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(true));
        return out;
    }

    /** Number of tokens in tokenizer metadata. */
    public static int vocabSize(Map<String, GgufValue> tokenizer) {
        return ((org.tokenheatmap.engine.gguf.GgufArray) tokenizer.get("tokenizer.ggml.tokens").value()).length();
    }
}
