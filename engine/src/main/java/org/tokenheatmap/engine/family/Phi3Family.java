package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * Phi-3 (and Phi-3.5 with short contexts): Llama's block with a fused {@code qkv_proj}, gate and up projections
 * stacked in one {@code gate_up_proj} (gate first), rotary on halves over {@code partial_rotary_factor} of each head.
 * transformers applies the config's {@code sliding_window}; llama.cpp disables it for Phi-3 ("Phi SWA is currently
 * disabled"), so GGUF files run without one. LongRoPE ({@code rope_scaling} long/short factors) is refused.
 */
public final class Phi3Family extends BaseFamily {

    Phi3Family() {
        super("phi3", Set.of("phi3"), Set.of("phi3"), new CommonKeys.Layout(true, true, false, false, true));
    }

    @Override
    public DecoderConfig configFromGguf(GgufHyperparameters g) {
        if (g.tensors().find("rope_factors_short.weight").isPresent() || g.tensors().find("rope_factors_long.weight").isPresent()) {
            throw new BadInputException(g.file(), "tensor rope_factors_short.weight", "LongRoPE (Phi-3 128k, Phi-3.5) is not supported");
        }
        DecoderConfig.Builder b = CommonKeys.ggufDimensions(name(), g)
                .norm(NormKind.RMS, g.epsilon("attention.layer_norm_rms_epsilon"));
        return b.rotary(RotaryStyle.NEOX, CommonKeys.ggufRotaryDims(g, b.headDim()),
                new RopeFrequencies(CommonKeys.ggufRopeBase(g), LlamaFamily.ggufLinearScaling(g))).build();
    }

    /** Splits the stacked {@code ffn_up} {@code [2 * ffn, dim]} into the gate (first half) and the up projection. */
    @Override
    public TensorSource canonicalGgufTensors(DecoderConfig c, TensorSource file) {
        return new TensorSource() {
            @Override
            public Object file() {
                return file.file();
            }

            @Override
            public Optional<WeightTensor> find(String name) {
                boolean gate = name.endsWith(".ffn_gate.weight"), up = name.endsWith(".ffn_up.weight");
                if (!gate && !up) return file.find(name);
                String stacked = name.replace(".ffn_gate.", ".ffn_up.");
                Optional<WeightTensor> t = file.find(stacked);
                if (t.isEmpty() || !t.get().hasShape(2L * c.ffnDim(), c.dim())) return gate ? Optional.empty() : t;
                long from = gate ? 0 : c.ffnDim();
                return Optional.of(new WeightTensor(name, t.get().values().rows(from, from + c.ffnDim(), c.dim()),
                        new long[] {c.ffnDim(), c.dim()}));
            }

            @Override
            public Map<String, String> tensorTypes() {
                return file.tensorTypes();
            }
        };
    }

    @Override
    public DecoderConfig configFromHuggingFace(HfConfig hf) {
        if (hf.has("rope_scaling")) {
            throw hf.bad("rope_scaling", "LongRoPE (Phi-3 128k, Phi-3.5) is not supported");
        }
        DecoderConfig.Builder b = CommonKeys.hfDimensions(name(), hf).norm(NormKind.RMS, (float) hf.epsilon("rms_norm_eps", 1e-5));
        double partial = hf.positive("partial_rotary_factor", 1.0, 1.0);
        int rotaryDims = (int) (b.headDim() * partial);
        if (rotaryDims < 2 || rotaryDims % 2 != 0) throw hf.bad("partial_rotary_factor", "gives " + rotaryDims + " rotary dimensions; must be even and at least 2");
        b.rotary(RotaryStyle.NEOX, rotaryDims, new RopeFrequencies(CommonKeys.hfRopeBase(hf, 10000.0), new org.tokenheatmap.engine.model.RopeScaling.None()));
        if (hf.has("sliding_window")) b.slidingWindow(hf.count("sliding_window"), l -> true);
        return b.build();
    }

    @Override
    public TensorSource canonicalHuggingFaceTensors(DecoderConfig c, HfConfig hf, TensorSource checkpoint, Arena arena) {
        CanonicalTensors t = new CanonicalTensors(checkpoint, arena).embeddingAndHead(hf, false);
        for (int l = 0; l < c.layers(); l++) {
            String h = "model.layers." + l + ".", p = "blk." + l + ".";
            t.put(p + "attn_qkv.weight", h + "self_attn.qkv_proj.weight")
                    .putRows(p + "ffn_gate.weight", h + "mlp.gate_up_proj.weight", 0, c.ffnDim())
                    .putRows(p + "ffn_up.weight", h + "mlp.gate_up_proj.weight", c.ffnDim(), 2L * c.ffnDim())
                    .blockOutputsAndNorms(l);
        }
        return t;
    }

}
