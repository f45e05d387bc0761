package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.tokenheatmap.engine.family.ModelFamily;
import org.tokenheatmap.engine.family.ModelFamily.TensorSpec;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * Writes a GGUF with random weights in a family's exact file layout (its metadata keys, tensor names, fused tensors),
 * for benchmarks and reference tests. Matrices and biases are normal(0, std) from a seed (each tensor from its own
 * stream, so a tensor does not depend on the others' sizes); norm gains are 1 + normal(0, gainStd). Nothing is kept
 * in memory beyond one row.
 *
 * @param type F32, F16, Q8_0 or Q4_0 for matrices (per {@link QuantizationPlan}: the output projection stays Q8_0);
 *             vectors stay F32
 */
public record RandomModel(ModelFamily family, DecoderConfig config, long seed, Init init, GgmlType type) {

    /** Spread of the random values. */
    public record Init(float matrixStd, float gainStd, float biasStd) {
        /** Plain random matrices, unit norm gains, no bias noise. */
        public static Init plain(float matrixStd) {
            return new Init(matrixStd, 0f, 0f);
        }
    }

    public RandomModel {
        if (!BlockQuantizer.canEncode(type)) throw new IllegalArgumentException("type must be F32, F16, Q8_0 or Q4_0, was " + type);
    }

    /** A Llama-architecture model: dim, ffn, layers, heads, kvHeads, context, head width dim/heads, rope base 10000. */
    public static DecoderConfig llamaShape(int dim, int ffnDim, int layers, int heads, int kvHeads, int contextLength,
                                           int vocabSize) {
        int headDim = dim / heads;
        return DecoderConfig.builder("llama", "llama")
                .dimensions(dim, layers, heads, kvHeads, headDim, ffnDim, vocabSize, contextLength)
                .rotary(DecoderConfig.RotaryStyle.NORM, headDim,
                        new DecoderConfig.RopeFrequencies(10000f, new org.tokenheatmap.engine.model.RopeScaling.None()))
                .build();
    }

    /** Writes the model with the given tokenizer metadata (see {@link TokenizerMetadata}). */
    public void write(Path out, Map<String, GgufValue> tokenizer) throws IOException {
        int vocab = TokenizerMetadata.vocabSize(tokenizer);
        if (vocab != config.vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + vocab + " tokens, the configuration " + config.vocabSize());
        }
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString(config.architecture()));
        // No architecture in the name: llama.cpp keys some tokenizer quirks on it ("phi3" expects Phi-3 special tokens).
        w.put("general.name", GgufValue.ofString("random-weights-" + config.dim() + "x" + config.layers() + "-seed" + seed));
        w.put("general.file_type", GgufValue.ofUint32(QuantizationPlan.fileType(type)));
        if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0) w.put("general.quantization_version", GgufValue.ofUint32(2));
        family.ggufMetadata(config).forEach(w::put);
        tokenizer.forEach(w::put);
        var tensors = family.ggufTensors(config);
        boolean separateOutput = tensors.stream().anyMatch(t -> t.name().equals("output.weight"));
        for (TensorSpec t : tensors) add(w, t, separateOutput);
        w.write(out);
    }

    private void add(GgufWriter w, TensorSpec t, boolean separateOutput) {
        long[] shape = t.shape();
        int cols = (int) shape[shape.length - 1];
        long rows = shape.length == 2 ? shape[0] : 1;
        long[] dims = shape.length == 2 ? new long[] {cols, rows} : new long[] {cols};
        GgmlType encoding = switch (type) {
            case F32, F16 -> shape.length == 2 ? type : GgmlType.F32;
            default -> QuantizationPlan.typeFor(t.name(), dims, GgmlType.F32, type, separateOutput);
        };
        long streamSeed = seed * 0x9E3779B97F4A7C15L + t.name().hashCode();
        w.addTensor(t.name(), encoding, dims, out -> {
            SplittableRandom random = new SplittableRandom(streamSeed);
            RowEncoder.bytes(encoding, rows, cols, (row, values) -> {
                for (int i = 0; i < values.length; i++) values[i] = value(t.role(), random);
            }).writeTo(out);
        });
    }

    private float value(TensorSpec.Role role, SplittableRandom random) {
        return switch (role) {
            case MATRIX -> (float) (random.nextGaussian() * init.matrixStd());
            case NORM_GAIN -> (float) (1 + random.nextGaussian() * init.gainStd());
            case BIAS -> (float) (random.nextGaussian() * init.biasStd());
        };
    }
}
