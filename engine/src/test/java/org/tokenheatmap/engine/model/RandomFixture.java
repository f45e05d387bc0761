package org.tokenheatmap.engine.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * A tiny random-weight llama GGUF (F32) that exercises what stories260K does not: 3 query heads per KV head, partial
 * rotary ({@code ropeDim < headDim}), a non-default rope base, per-frequency rope scaling ({@code rope_freqs.weight}),
 * random norm gains and a separate output matrix.
 */
final class RandomFixture {

    static final int DIM = 48, HEADS = 6, KV_HEADS = 2, FFN = 72, LAYERS = 2, VOCAB = 50, CONTEXT = 64, ROPE_DIM = 6;

    /** Llama 3.1-style per-frequency divisors (slower rotation for the long wavelengths). */
    static final float[] ROPE_FREQ_FACTORS = {1f, 2.5f, 8f};

    private RandomFixture() {}

    static Path write(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(20261122);
        int kvDim = DIM / HEADS * KV_HEADS;
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString("llama"));
        w.put("llama.vocab_size", GgufValue.ofUint32(VOCAB));
        w.put("llama.context_length", GgufValue.ofUint32(CONTEXT));
        w.put("llama.embedding_length", GgufValue.ofUint32(DIM));
        w.put("llama.block_count", GgufValue.ofUint32(LAYERS));
        w.put("llama.feed_forward_length", GgufValue.ofUint32(FFN));
        w.put("llama.rope.dimension_count", GgufValue.ofUint32(ROPE_DIM));
        w.put("llama.rope.freq_base", GgufValue.ofFloat32(500000f));
        w.put("llama.attention.head_count", GgufValue.ofUint32(HEADS));
        w.put("llama.attention.head_count_kv", GgufValue.ofUint32(KV_HEADS));
        w.put("llama.attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(1e-5f));
        matrix(w, random, "token_embd.weight", VOCAB, DIM, 1f);
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            norm(w, random, p + "attn_norm.weight");
            matrix(w, random, p + "attn_q.weight", DIM, DIM, 0.4f);
            matrix(w, random, p + "attn_k.weight", kvDim, DIM, 0.4f);
            matrix(w, random, p + "attn_v.weight", kvDim, DIM, 0.3f);
            matrix(w, random, p + "attn_output.weight", DIM, DIM, 0.2f);
            norm(w, random, p + "ffn_norm.weight");
            matrix(w, random, p + "ffn_gate.weight", FFN, DIM, 0.2f);
            matrix(w, random, p + "ffn_up.weight", FFN, DIM, 0.2f);
            matrix(w, random, p + "ffn_down.weight", DIM, FFN, 0.2f);
        }
        norm(w, random, "output_norm.weight");
        add(w, "rope_freqs.weight", new long[] {ROPE_DIM / 2}, ROPE_FREQ_FACTORS);
        matrix(w, random, "output.weight", VOCAB, DIM, 0.3f);
        Path file = dir.resolve("random-llama.gguf");
        w.write(file);
        return file;
    }

    private static void matrix(GgufWriter w, SplittableRandom random, String name, int rows, int cols, float std) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * std);
        add(w, name, new long[] {cols, rows}, v);
    }

    private static void norm(GgufWriter w, SplittableRandom random, String name) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) v[i] = (float) (1 + 0.2 * random.nextGaussian());
        add(w, name, new long[] {DIM}, v);
    }

    private static void add(GgufWriter w, String name, long[] dims, float[] values) {
        MemorySegment bytes = MemorySegment.ofArray(new byte[values.length * Float.BYTES]);
        MemorySegment.copy(values, 0, bytes, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0,
                values.length);
        w.addTensor(name, GgmlType.F32, dims, GgufWriter.TensorBytes.of(bytes));
    }
}
