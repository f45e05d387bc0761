package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.Set;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.Activation;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.TensorSource;

/**
 * GPT-2: learned position embeddings, pre-LayerNorm with biases, multi-head attention with a fused, biased
 * {@code c_attn}, a plain biased MLP with the tanh-approximated GELU ({@code gelu_new}), tied output. Hugging Face
 * stores its projections as Conv1D, {@code [in, out]}; they are transposed once at load.
 */
public final class Gpt2Family extends BaseFamily {

    Gpt2Family() {
        super("gpt2", Set.of("gpt2"), Set.of("gpt2"), new CommonKeys.Layout(true, false, true, true, false));
    }

    @Override
    public DecoderConfig configFromGguf(GgufHyperparameters g) {
        return CommonKeys.ggufDimensions(name(), g)
                .norm(NormKind.LAYER, g.epsilon("attention.layer_norm_epsilon"))
                .mlp(MlpKind.PLAIN, Activation.GELU_TANH)
                .learnedPositions()
                .build();
    }

    @Override
    public DecoderConfig configFromHuggingFace(HfConfig hf) {
        int dim = hf.count("n_embd");
        int heads = hf.count("n_head");
        String activation = hf.string("activation_function").orElse("gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw hf.bad("activation_function", "'" + activation + "' is not supported (gelu_new)");
        }
        if (hf.bool("scale_attn_by_inverse_layer_idx", false) || hf.bool("add_cross_attention", false)) {
            throw hf.bad("scale_attn_by_inverse_layer_idx", "layer-scaled or cross attention is not supported");
        }
        return DecoderConfig.builder(name(), hf.modelType())
                .dimensions(dim, hf.count("n_layer"), heads, heads, dim / heads, hf.count("n_inner", 4 * dim),
                        hf.count("vocab_size"), hf.count("n_positions"))
                .norm(NormKind.LAYER, (float) hf.epsilon("layer_norm_epsilon", 1e-5))
                .mlp(MlpKind.PLAIN, Activation.GELU_TANH)
                .learnedPositions()
                .build();
    }

    @Override
    public TensorSource canonicalHuggingFaceTensors(DecoderConfig c, HfConfig hf, TensorSource checkpoint, Arena arena) {
        CanonicalTensors t = new CanonicalTensors(checkpoint, arena);
        // GPT2LMHeadModel saves under "transformer.", a bare GPT2Model without a prefix.
        String root = t.has("transformer.wte.weight") ? "transformer." : "";
        t.put("token_embd.weight", root + "wte.weight").put("position_embd.weight", root + "wpe.weight");
        t.put("output_norm.weight", root + "ln_f.weight").put("output_norm.bias", root + "ln_f.bias");
        if (!hf.bool("tie_word_embeddings", true)) t.put("output.weight", "lm_head.weight");
        for (int l = 0; l < c.layers(); l++) {
            String h = root + "h." + l + ".", p = "blk." + l + ".";
            t.put(p + "attn_norm.weight", h + "ln_1.weight").put(p + "attn_norm.bias", h + "ln_1.bias")
                    .putTransposed(p + "attn_qkv.weight", h + "attn.c_attn.weight")
                    .put(p + "attn_qkv.bias", h + "attn.c_attn.bias")
                    .putTransposed(p + "attn_output.weight", h + "attn.c_proj.weight")
                    .put(p + "attn_output.bias", h + "attn.c_proj.bias")
                    .put(p + "ffn_norm.weight", h + "ln_2.weight").put(p + "ffn_norm.bias", h + "ln_2.bias")
                    .putTransposed(p + "ffn_up.weight", h + "mlp.c_fc.weight").put(p + "ffn_up.bias", h + "mlp.c_fc.bias")
                    .putTransposed(p + "ffn_down.weight", h + "mlp.c_proj.weight").put(p + "ffn_down.bias", h + "mlp.c_proj.bias");
        }
        return t;
    }

}
