package org.tokenheatmap.engine.family;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.engine.family.ModelFamily.TensorSpec;
import org.tokenheatmap.engine.family.ModelFamily.TensorSpec.Role;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.RopeScaling;

/**
 * What most families share: the standard GGUF and {@code config.json} keys for the transformer's dimensions, and
 * the standard GGUF tensor layout. A family adds its own keys and tensors around these.
 */
final class CommonKeys {

    private CommonKeys() {}

    /** Dimensions from {@code <arch>.embedding_length}, {@code block_count}, heads, {@code key_length}, ... */
    static DecoderConfig.Builder ggufDimensions(String family, GgufHyperparameters g) {
        int dim = g.count("embedding_length");
        int layers = g.count("block_count", 1 << 12);
        int heads = g.uniformCount("attention.head_count", layers);
        int kvHeads = g.has("attention.head_count_kv") ? g.uniformCount("attention.head_count_kv", layers) : heads;
        int headDim = g.count("attention.key_length", GgufHyperparameters.MAX_COUNT, dim / heads);
        if (g.has("attention.value_length") && g.count("attention.value_length") != headDim) {
            throw g.bad("attention.value_length", "differs from the key length " + headDim + ", which is not supported");
        }
        int ffn = g.uniformCount("feed_forward_length", layers);
        return DecoderConfig.builder(family, g.arch())
                .dimensions(dim, layers, heads, kvHeads, headDim, ffn, g.vocabSize(), g.count("context_length"));
    }

    /** The rotary base, {@code <arch>.rope.freq_base} (llama.cpp's default 10000). */
    static float ggufRopeBase(GgufHyperparameters g) {
        return g.positive("rope.freq_base", 1e12f, 10000f);
    }

    /** {@code <arch>.rope.dimension_count}, at most the head width (default: all of it). */
    static int ggufRotaryDims(GgufHyperparameters g, int headDim) {
        int dims = g.count("rope.dimension_count", headDim, headDim);
        if (dims % 2 != 0) throw g.bad("rope.dimension_count", "must be even, was " + dims);
        return dims;
    }

    /** {@code hidden_size}, {@code num_hidden_layers}, heads, {@code head_dim}, {@code intermediate_size}, ... */
    static DecoderConfig.Builder hfDimensions(String family, HfConfig hf) {
        int dim = hf.count("hidden_size");
        int heads = hf.count("num_attention_heads");
        int headDim = hf.count("head_dim", dim / heads);
        return DecoderConfig.builder(family, hf.modelType())
                .dimensions(dim, hf.count("num_hidden_layers"), heads, hf.count("num_key_value_heads", heads), headDim,
                        hf.count("intermediate_size"), hf.count("vocab_size"), hf.count("max_position_embeddings"));
    }

    /** {@code rope_theta} with transformers' default for the family. */
    static float hfRopeBase(HfConfig hf, double defaultTheta) {
        return (float) hf.positive("rope_theta", 1e12, defaultTheta);
    }

    /** The standard {@code <arch>.*} keys for a configuration. */
    static Map<String, GgufValue> ggufMetadata(DecoderConfig c) {
        String a = c.architecture();
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put(a + ".context_length", GgufValue.ofUint32(c.contextLength()));
        m.put(a + ".embedding_length", GgufValue.ofUint32(c.dim()));
        m.put(a + ".block_count", GgufValue.ofUint32(c.layers()));
        m.put(a + ".feed_forward_length", GgufValue.ofUint32(c.ffnDim()));
        m.put(a + ".attention.head_count", GgufValue.ofUint32(c.heads()));
        m.put(a + ".attention.head_count_kv", GgufValue.ofUint32(c.kvHeads()));
        if (c.qDim() != c.dim()) {
            m.put(a + ".attention.key_length", GgufValue.ofUint32(c.headDim()));
            m.put(a + ".attention.value_length", GgufValue.ofUint32(c.headDim()));
        }
        String eps = c.norm() == NormKind.RMS ? ".attention.layer_norm_rms_epsilon" : ".attention.layer_norm_epsilon";
        m.put(a + eps, GgufValue.ofFloat32(c.normEps()));
        if (c.hasRotary()) {
            RopeFrequencies f = c.layerAttention().getLast().rope();
            m.put(a + ".rope.dimension_count", GgufValue.ofUint32(c.rotaryDim()));
            m.put(a + ".rope.freq_base", GgufValue.ofFloat32(f.theta()));
            if (f.scaling() instanceof RopeScaling.Linear linear) {
                m.put(a + ".rope.scaling.type", GgufValue.ofString("linear"));
                m.put(a + ".rope.scaling.factor", GgufValue.ofFloat32(linear.factor()));
            }
        }
        return m;
    }

    /**
     * Which optional tensors a family's GGUF files carry.
     *
     * @param fusedQkv      one {@code attn_qkv} instead of q, k, v (GPT-2, Phi-3)
     * @param fusedGateUp   gate and up stacked in {@code ffn_up} (Phi-3)
     * @param qkvBias       biases on q, k, v (Qwen 2, GPT-2)
     * @param otherBiases   biases on the output projection and the MLP (GPT-2)
     * @param untiedOutput  a separate {@code output.weight}
     */
    record Layout(boolean fusedQkv, boolean fusedGateUp, boolean qkvBias, boolean otherBiases, boolean untiedOutput) {}

    static List<TensorSpec> ggufTensors(DecoderConfig c, Layout layout) {
        List<TensorSpec> t = new ArrayList<>();
        int dim = c.dim(), qDim = c.qDim(), kv = c.kvDim(), ffn = c.ffnDim();
        t.add(matrix("token_embd.weight", c.vocabSize(), dim));
        if (c.learnedPositions()) t.add(matrix("position_embd.weight", c.contextLength(), dim));
        for (int l = 0; l < c.layers(); l++) {
            String p = "blk." + l + ".";
            norm(t, c, p + "attn_norm");
            if (layout.fusedQkv()) {
                t.add(matrix(p + "attn_qkv.weight", qDim + 2 * kv, dim));
                if (layout.qkvBias()) t.add(bias(p + "attn_qkv.bias", qDim + 2 * kv));
            } else {
                t.add(matrix(p + "attn_q.weight", qDim, dim));
                t.add(matrix(p + "attn_k.weight", kv, dim));
                t.add(matrix(p + "attn_v.weight", kv, dim));
                if (layout.qkvBias()) {
                    t.add(bias(p + "attn_q.bias", qDim));
                    t.add(bias(p + "attn_k.bias", kv));
                    t.add(bias(p + "attn_v.bias", kv));
                }
            }
            if (c.qkNorm()) {
                t.add(gain(p + "attn_q_norm.weight", c.headDim()));
                t.add(gain(p + "attn_k_norm.weight", c.headDim()));
            }
            t.add(matrix(p + "attn_output.weight", dim, qDim));
            if (layout.otherBiases()) t.add(bias(p + "attn_output.bias", dim));
            if (c.postAttentionNorm()) norm(t, c, p + "post_attention_norm");
            norm(t, c, p + "ffn_norm");
            if (c.mlp() == MlpKind.GATED && layout.fusedGateUp()) {
                t.add(matrix(p + "ffn_up.weight", 2 * ffn, dim));
            } else {
                if (c.mlp() == MlpKind.GATED) t.add(matrix(p + "ffn_gate.weight", ffn, dim));
                t.add(matrix(p + "ffn_up.weight", ffn, dim));
                if (layout.otherBiases()) t.add(bias(p + "ffn_up.bias", ffn));
            }
            t.add(matrix(p + "ffn_down.weight", dim, ffn));
            if (layout.otherBiases()) t.add(bias(p + "ffn_down.bias", dim));
            if (c.postMlpNorm()) norm(t, c, p + "post_ffw_norm");
        }
        norm(t, c, "output_norm");
        if (layout.untiedOutput()) t.add(matrix("output.weight", c.vocabSize(), dim));
        return List.copyOf(t);
    }

    private static void norm(List<TensorSpec> t, DecoderConfig c, String name) {
        t.add(gain(name + ".weight", c.dim()));
        if (c.norm() == NormKind.LAYER) t.add(bias(name + ".bias", c.dim()));
    }

    private static TensorSpec matrix(String name, long rows, long cols) {
        return new TensorSpec(name, new long[] {rows, cols}, Role.MATRIX);
    }

    private static TensorSpec gain(String name, long n) {
        return new TensorSpec(name, new long[] {n}, Role.NORM_GAIN);
    }

    private static TensorSpec bias(String name, long n) {
        return new TensorSpec(name, new long[] {n}, Role.BIAS);
    }
}
