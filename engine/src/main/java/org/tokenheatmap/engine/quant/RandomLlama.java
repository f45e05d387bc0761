package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * Writes a llama-architecture GGUF with random weights, laid out as llama.cpp expects (token_embd, blk.N.attn_* /
 * ffn_*, output_norm, output), for benchmarks and tests. Weights are normal(0, {@code std}) from a seed (each tensor
 * from its own stream, so a tensor does not depend on the others' sizes); norm weights are 1. Nothing is kept in
 * memory beyond one row.
 *
 * @param type F32, Q8_0 or Q4_0; tensor choice per {@link QuantizationPlan} (norms F32, output Q8_0)
 */
public record RandomLlama(int dim, int ffnDim, int layers, int heads, int kvHeads, int contextLength, long seed,
                          float std, GgmlType type) {

    public RandomLlama {
        if (dim <= 0 || ffnDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        if (dim % heads != 0 || heads % kvHeads != 0) throw new IllegalArgumentException("dim % heads and heads % kvHeads must be 0");
        if (type != GgmlType.F32 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0) throw new IllegalArgumentException("type must be F32, Q8_0 or Q4_0");
    }

    /** ~1 B parameters with a 32k vocabulary: dim 2048, 22 layers, 32 heads, 4 KV heads (TinyLlama-1.1B's shape). */
    public static RandomLlama tinyLlamaShape(long seed, GgmlType type) {
        return new RandomLlama(2048, 5632, 22, 32, 4, 2048, seed, 0.02f, type);
    }

    public int headDim() { return dim / heads; }

    public int kvDim() { return headDim() * kvHeads; }

    /** Writes the model with the given tokenizer metadata (see {@link TokenizerMetadata}). */
    public void write(Path out, Map<String, GgufValue> tokenizer) throws IOException {
        int vocab = TokenizerMetadata.vocabSize(tokenizer);
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString("llama"));
        w.put("general.name", GgufValue.ofString("random-llama-" + dim + "x" + layers + "-seed" + seed));
        w.put("general.file_type", GgufValue.ofUint32(QuantizationPlan.fileType(type)));
        if (type != GgmlType.F32) w.put("general.quantization_version", GgufValue.ofUint32(2));
        w.put("llama.vocab_size", GgufValue.ofUint32(vocab));
        w.put("llama.context_length", GgufValue.ofUint32(contextLength));
        w.put("llama.embedding_length", GgufValue.ofUint32(dim));
        w.put("llama.block_count", GgufValue.ofUint32(layers));
        w.put("llama.feed_forward_length", GgufValue.ofUint32(ffnDim));
        w.put("llama.rope.dimension_count", GgufValue.ofUint32(headDim()));
        w.put("llama.attention.head_count", GgufValue.ofUint32(heads));
        w.put("llama.attention.head_count_kv", GgufValue.ofUint32(kvHeads));
        w.put("llama.attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(1e-5f));
        w.put("llama.rope.freq_base", GgufValue.ofFloat32(10000f));
        tokenizer.forEach(w::put);

        matrix(w, "token_embd.weight", dim, vocab);
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            ones(w, p + "attn_norm.weight");
            matrix(w, p + "attn_q.weight", dim, dim);
            matrix(w, p + "attn_k.weight", dim, kvDim());
            matrix(w, p + "attn_v.weight", dim, kvDim());
            matrix(w, p + "attn_output.weight", dim, dim);
            ones(w, p + "ffn_norm.weight");
            matrix(w, p + "ffn_gate.weight", dim, ffnDim);
            matrix(w, p + "ffn_up.weight", dim, ffnDim);
            matrix(w, p + "ffn_down.weight", ffnDim, dim);
        }
        ones(w, "output_norm.weight");
        matrix(w, "output.weight", dim, vocab);
        w.write(out);
    }

    /** A [rows, cols] weight, dims in GGUF order {cols, rows}. */
    private void matrix(GgufWriter w, String name, int cols, int rows) {
        long[] dims = {cols, rows};
        GgmlType t = type == GgmlType.F32 ? GgmlType.F32 : QuantizationPlan.typeFor(name, dims, GgmlType.F32, type, true);
        long streamSeed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        w.addTensor(name, t, dims, out -> {
            SplittableRandom random = new SplittableRandom(streamSeed);
            RowEncoder.bytes(t, rows, cols, (row, values) -> {
                for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * std);
            }).writeTo(out);
        });
    }

    private void ones(GgufWriter w, String name) {
        w.addTensor(name, GgmlType.F32, new long[] {dim}, RowEncoder.bytes(GgmlType.F32, 1, dim, (row, out) -> java.util.Arrays.fill(out, 1f)));
    }
}
