package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Set;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.TensorSource;

/**
 * Qwen 2 / 2.5 ({@link #QWEN2}: biases on q, k and v) and dense Qwen 3 ({@link #QWEN3}: no biases, per-head RMS
 * QK-norm, {@code head_dim} independent of the width): Llama's block with rotary on halves (NEOX). A sliding window
 * ({@code use_sliding_window}, layers from {@code max_window_layers} on, or {@code layer_types}) applies to Hugging
 * Face directories only; llama.cpp runs both architectures without one.
 */
public final class QwenFamily extends BaseFamily {

    public static final QwenFamily QWEN2 = new QwenFamily("qwen2", false);
    public static final QwenFamily QWEN3 = new QwenFamily("qwen3", true);

    private final boolean qwen3;

    private QwenFamily(String name, boolean qwen3) {
        super(name, Set.of(name), Set.of(name), new CommonKeys.Layout(false, false, !qwen3, false, true));
        this.qwen3 = qwen3;
    }

    @Override
    public DecoderConfig configFromGguf(GgufHyperparameters g) {
        DecoderConfig.Builder b = CommonKeys.ggufDimensions(name(), g)
                .norm(NormKind.RMS, g.epsilon("attention.layer_norm_rms_epsilon"));
        b.rotary(RotaryStyle.NEOX, CommonKeys.ggufRotaryDims(g, b.headDim()),
                new RopeFrequencies(CommonKeys.ggufRopeBase(g), LlamaFamily.ggufLinearScaling(g)));
        if (qwen3) b.qkNorm();
        return b.build();
    }

    @Override
    public DecoderConfig configFromHuggingFace(HfConfig hf) {
        DecoderConfig.Builder b = CommonKeys.hfDimensions(name(), hf).norm(NormKind.RMS, (float) hf.epsilon("rms_norm_eps", 1e-6));
        float theta = CommonKeys.hfRopeBase(hf, qwen3 ? 1e6 : 10000.0);
        b.rotary(RotaryStyle.NEOX, b.headDim(), new RopeFrequencies(theta, HfRopeScaling.parse(hf, b.headDim(), theta)));
        if (qwen3) b.qkNorm();
        boolean[] sliding = hf.slidingLayerTypes(b.layers()).orElseGet(() -> defaultSlidingLayers(hf, b.layers()));
        // transformers drops sliding_window unless use_sliding_window, whatever layer_types says.
        if (hf.bool("use_sliding_window", false)) {
            int window = hf.count("sliding_window", 4096);
            b.slidingWindow(window, l -> sliding[l]);
        }
        if (qwen3 && hf.bool("attention_bias", false)) throw hf.bad("attention_bias", "biased Qwen 3 attention is not supported");
        return b.build();
    }

    /** transformers' rule when {@code layer_types} is absent: with {@code use_sliding_window}, layers from {@code max_window_layers} on. */
    private static boolean[] defaultSlidingLayers(HfConfig hf, int layers) {
        boolean[] sliding = new boolean[layers];
        if (!hf.bool("use_sliding_window", false)) return sliding;
        int from = hf.has("max_window_layers") ? hf.count("max_window_layers") : 28;
        for (int l = from; l < layers; l++) sliding[l] = true;
        return sliding;
    }

    @Override
    public TensorSource canonicalHuggingFaceTensors(DecoderConfig c, HfConfig hf, TensorSource checkpoint, Arena arena) {
        CanonicalTensors t = new CanonicalTensors(checkpoint, arena).embeddingAndHead(hf, false);
        for (int l = 0; l < c.layers(); l++) {
            String h = "model.layers." + l + ".", p = "blk." + l + ".";
            for (String x : List.of("q", "k", "v")) {
                t.put(p + "attn_" + x + ".weight", h + "self_attn." + x + "_proj.weight")
                        .putIfPresent(p + "attn_" + x + ".bias", h + "self_attn." + x + "_proj.bias");
            }
            if (qwen3) {
                t.put(p + "attn_q_norm.weight", h + "self_attn.q_norm.weight")
                        .put(p + "attn_k_norm.weight", h + "self_attn.k_norm.weight");
            }
            t.gateAndUp(l).blockOutputsAndNorms(l);
        }
        return t;
    }

}
