package org.tokenheatmap.engine.family;

import java.nio.file.Path;
import java.util.Optional;
import org.tokenheatmap.engine.gguf.GgufArray;
import org.tokenheatmap.engine.gguf.GgufMetadata;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * A GGUF file's model hyperparameters, {@code <arch>.<key>} as llama.cpp names them, each checked for range before
 * anything is sized by it (a bad value names the key and what is wrong).
 *
 * @param arch    {@code general.architecture}, the prefix of every key
 * @param tensors the file's tensors, for the few values llama.cpp takes from a tensor
 */
public record GgufHyperparameters(Path file, GgufMetadata metadata, String arch, TensorSource tensors) {

    /** Ceiling for counts and widths: far above real models, low enough that nothing sized by them overflows. */
    static final int MAX_COUNT = 1 << 24;

    public static GgufHyperparameters of(Path file, GgufMetadata metadata, TensorSource tensors) {
        return new GgufHyperparameters(file, metadata, metadata.getString("general.architecture"), tensors);
    }

    private String key(String suffix) {
        return arch + "." + suffix;
    }

    public boolean has(String suffix) {
        return metadata.contains(key(suffix));
    }

    /** A required count or width in {@code 1..max}. */
    public int count(String suffix, int max) {
        return checkCount(suffix, metadata.getInt(key(suffix)), max);
    }

    public int count(String suffix) {
        return count(suffix, MAX_COUNT);
    }

    /** An optional count in {@code 1..MAX_COUNT}. */
    public int count(String suffix, int max, int defaultValue) {
        return has(suffix) ? count(suffix, max) : defaultValue;
    }

    private int checkCount(String suffix, long value, int max) {
        if (value < 1 || value > max) throw bad(suffix, "must be between 1 and " + max + ", was " + value);
        return (int) value;
    }

    /**
     * A count that llama.cpp accepts as a scalar or as a per-layer array ({@code get_key_or_arr}); an array must hold
     * one equal value per layer here, since the decoder has one value per model.
     */
    public int uniformCount(String suffix, int layers) {
        GgufValue v = metadata.get(key(suffix));
        if (!(v.value() instanceof GgufArray array)) return count(suffix);
        if (array.length() != layers) throw bad(suffix, "has " + array.length() + " values for " + layers + " layers");
        long first = array.getLong(0);
        for (int i = 1; i < array.length(); i++) {
            if (array.getLong(i) != first) throw bad(suffix, "differs between layers, which is not supported");
        }
        return checkCount(suffix, first, MAX_COUNT);
    }

    /** An optional float in {@code (0, max]}; absent gives {@code defaultValue}. */
    public float positive(String suffix, float max, float defaultValue) {
        if (!has(suffix)) return defaultValue;
        float v = metadata.getFloat(key(suffix));
        if (!(v > 0) || v > max) throw bad(suffix, "must be positive and at most " + max + ", was " + v);
        return v;
    }

    /** A norm epsilon: positive and below 1. */
    public float epsilon(String suffix) {
        float v = metadata.getFloat(key(suffix));
        if (!(v > 0) || v >= 1) throw bad(suffix, "must be in (0, 1), was " + v);
        return v;
    }

    /** An optional soft-cap: absent or 0 is none; otherwise positive and finite. */
    public float softCap(String suffix) {
        if (!has(suffix)) return 0f;
        float v = metadata.getFloat(key(suffix));
        if (!(v >= 0) || Float.isInfinite(v)) throw bad(suffix, "must be finite and not negative, was " + v);
        return v;
    }

    public Optional<String> string(String suffix) {
        return metadata.findString(key(suffix));
    }

    /** The layers llama.cpp's {@code set_swa_pattern} makes sliding, from a period or a per-layer bool array. */
    public boolean[] slidingLayers(String suffix, int layers, int defaultPeriod) {
        boolean[] sliding = new boolean[layers];
        GgufValue v = metadata.find(key(suffix)).orElse(null);
        if (v != null && v.value() instanceof GgufArray array) {
            if (array.length() != layers) throw bad(suffix, "has " + array.length() + " values for " + layers + " layers");
            for (int l = 0; l < layers; l++) sliding[l] = array.getLong(l) != 0;
            return sliding;
        }
        int period = v == null ? defaultPeriod : metadata.getInt(key(suffix));
        if (period < 0) throw bad(suffix, "must not be negative, was " + period);
        for (int l = 0; l < layers; l++) sliding[l] = period == 0 || l % period < period - 1;
        return sliding;
    }

    /**
     * The vocabulary size: {@code <arch>.vocab_size}, else the number of tokenizer tokens, else the rows of
     * {@code token_embd.weight}.
     */
    public int vocabSize() {
        if (has("vocab_size")) return count("vocab_size");
        if (metadata.contains("tokenizer.ggml.tokens")) {
            int n = metadata.getArray("tokenizer.ggml.tokens").length();
            if (n > 0) return n;
        }
        WeightTensor embedding = tensors.find("token_embd.weight")
                .orElseThrow(() -> new BadInputException(file, "tensor token_embd.weight", "missing"));
        long[] shape = embedding.shape();
        if (shape.length != 2 || shape[0] < 1 || shape[0] > MAX_COUNT) {
            throw new BadInputException(file, "tensor token_embd.weight", "must be a [vocab, dim] matrix, has shape " + embedding.shapeText());
        }
        return (int) shape[0];
    }

    public BadInputException bad(String suffix, String why) {
        return new BadInputException(file, "metadata key " + key(suffix), why);
    }
}
