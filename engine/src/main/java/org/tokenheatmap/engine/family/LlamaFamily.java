package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.Set;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * Llama 2/3/3.x, Mistral, SmolLM, TinyLlama, TinyStories: pre-RMSNorm, SwiGLU, rotary on adjacent pairs (llama.cpp's
 * NORM type; Hugging Face q/k rows are permuted into it at load), no biases. Llama 3.1 rotary scaling comes from GGUF's
 * {@code rope_freqs.weight} or {@code rope_scaling: llama3}. Mistral's {@code sliding_window} applies to Hugging Face
 * directories only: llama.cpp runs the llama architecture without one.
 */
public final class LlamaFamily extends BaseFamily {

    LlamaFamily() {
        super("llama", Set.of("llama", "mistral"), Set.of("llama", "mistral"), new CommonKeys.Layout(false, false, false, false, true));
    }

    @Override
    public DecoderConfig configFromGguf(GgufHyperparameters g) {
        DecoderConfig.Builder b = CommonKeys.ggufDimensions(name(), g)
                .norm(DecoderConfig.NormKind.RMS, g.epsilon("attention.layer_norm_rms_epsilon"));
        int rotaryDims = CommonKeys.ggufRotaryDims(g, b.headDim());
        return b.rotary(RotaryStyle.NORM, rotaryDims, new RopeFrequencies(CommonKeys.ggufRopeBase(g), ggufScaling(g, rotaryDims)))
                .build();
    }

    /** Llama 3.1's factors as the {@code rope_freqs.weight} tensor, or {@code rope.scaling.type linear}. */
    private static RopeScaling ggufScaling(GgufHyperparameters g, int rotaryDims) {
        var freqs = g.tensors().find("rope_freqs.weight");
        if (freqs.isPresent()) {
            WeightTensor t = freqs.get();
            if (!t.hasShape(rotaryDims / 2)) {
                throw new BadInputException(g.file(), "tensor rope_freqs.weight", "has shape " + t.shapeText()
                        + ", rotary dimension " + rotaryDims + " needs [" + rotaryDims / 2 + "]");
            }
            float[] factors = new float[rotaryDims / 2];
            t.values().copyRow(0, factors.length, factors);
            for (int i = 0; i < factors.length; i++) {
                if (!(factors[i] > 0) || Float.isInfinite(factors[i])) {
                    throw new BadInputException(g.file(), "tensor rope_freqs.weight", "element " + i + " is " + factors[i]);
                }
            }
            return new RopeScaling.PerFrequency(factors);
        }
        return ggufLinearScaling(g);
    }

    /** {@code rope.scaling.type} none or linear (with {@code rope.scaling.factor}); anything else is refused. */
    static RopeScaling ggufLinearScaling(GgufHyperparameters g) {
        String type = g.string("rope.scaling.type").orElse("none");
        return switch (type) {
            case "none" -> new RopeScaling.None();
            case "linear" -> {
                float factor = g.positive("rope.scaling.factor", 1e6f, 1f);
                yield factor == 1f ? new RopeScaling.None() : new RopeScaling.Linear(factor);
            }
            default -> throw g.bad("rope.scaling.type", "rope scaling '" + type + "' is not supported (none, linear, llama3 rope_freqs)");
        };
    }

    /** A llama2.c checkpoint's header: run.c's rotary base 10000 and RMS eps 1e-5, no window. */
    public DecoderConfig configFromLlama2c(int dim, int ffn, int layers, int heads, int kvHeads, int vocab, int seqLen) {
        int headDim = heads > 0 ? dim / heads : 0;
        return DecoderConfig.builder(name(), "llama")
                .dimensions(dim, layers, heads, kvHeads, headDim, ffn, vocab, seqLen)
                .norm(DecoderConfig.NormKind.RMS, 1e-5f)
                .rotary(RotaryStyle.NORM, headDim, new RopeFrequencies(10000f, new RopeScaling.None()))
                .build();
    }

    @Override
    public DecoderConfig configFromHuggingFace(HfConfig hf) {
        DecoderConfig.Builder b = CommonKeys.hfDimensions(name(), hf).norm(DecoderConfig.NormKind.RMS, (float) hf.epsilon("rms_norm_eps", 1e-6));
        int headDim = b.headDim();
        float theta = CommonKeys.hfRopeBase(hf, 10000.0);
        b.rotary(RotaryStyle.NORM, headDim, new RopeFrequencies(theta, HfRopeScaling.parse(hf, headDim, theta)));
        // transformers' Llama has no sliding window (it ignores the key); Mistral applies it to every layer.
        if (hf.modelType().equals("mistral") && hf.has("sliding_window")) b.slidingWindow(hf.count("sliding_window"), l -> true);
        if (hf.bool("attention_bias", false) || hf.bool("mlp_bias", false)) {
            throw hf.bad("attention_bias", "biased Llama projections are not supported");
        }
        return b.build();
    }

    @Override
    public TensorSource canonicalHuggingFaceTensors(DecoderConfig c, HfConfig hf, TensorSource checkpoint, Arena arena) {
        CanonicalTensors t = new CanonicalTensors(checkpoint, arena).embeddingAndHead(hf, false);
        for (int l = 0; l < c.layers(); l++) {
            String h = "model.layers." + l + ".", p = "blk." + l + ".";
            t.putRotaryInterleaved(p + "attn_q.weight", h + "self_attn.q_proj.weight", c.headDim())
                    .putRotaryInterleaved(p + "attn_k.weight", h + "self_attn.k_proj.weight", c.headDim())
                    .put(p + "attn_v.weight", h + "self_attn.v_proj.weight")
                    .gateAndUp(l).blockOutputsAndNorms(l);
        }
        return t;
    }

}
