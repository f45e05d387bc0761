package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.Activation;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;

/**
 * Gemma 2 ({@link #GEMMA2}) and Gemma 3 text ({@link #GEMMA3}): token embedding scaled by {@code sqrt(dim)}, RMSNorm
 * before and after attention and MLP ("sandwich" norms), gated GELU (tanh), rotary on halves, {@code head_dim}
 * independent of the width, sliding-window layers interleaved with global ones, tied output. Gemma 2 soft-caps the
 * attention logits (50) and the output logits (30) and alternates local/global layers; Gemma 3 has QK-norm, one
 * global layer in six, and a separate rotary base (and scaling) for its local layers.
 *
 * <p>Where the two references differ, each is followed: Hugging Face stores norms as offsets from 1 (converted to
 * {@code 1 + w} at load), scales queries by {@code query_pre_attn_scalar^-0.5} and rounds {@code sqrt(hidden_size)} to
 * the checkpoint's dtype; llama.cpp's GGUF norms are already shifted, its query scale is {@code 1/sqrt(head_dim)}
 * (the 27B models: {@code 1/sqrt(dim/heads)}) and its embedding scale is a float32 {@code sqrt(dim)}.
 */
public final class GemmaFamily extends BaseFamily {

    public static final GemmaFamily GEMMA2 = new GemmaFamily("gemma2", 2, 46);
    public static final GemmaFamily GEMMA3 = new GemmaFamily("gemma3", 3, 62);

    private final int generation;
    /** llama.cpp recognises the 27B model by its layer count and scales its queries by {@code 1/sqrt(dim/heads)}. */
    private final int layersOf27B;

    private GemmaFamily(String name, int generation, int layersOf27B) {
        super(name, Set.of(name), generation == 2 ? Set.of("gemma2") : Set.of("gemma3_text", "gemma3"),
                new CommonKeys.Layout(false, false, false, false, false));
        this.generation = generation;
        this.layersOf27B = layersOf27B;
    }

    @Override
    public DecoderConfig configFromGguf(GgufHyperparameters g) {
        DecoderConfig.Builder b = CommonKeys.ggufDimensions(name(), g)
                .norm(NormKind.RMS, g.epsilon("attention.layer_norm_rms_epsilon"))
                .mlp(MlpKind.GATED, Activation.GELU_TANH)
                .postNorms();
        b.embeddingScale((float) Math.sqrt(b.dim()));
        int layers = b.layers();
        float base = CommonKeys.ggufRopeBase(g);
        RopeScaling globalScaling = LlamaFamily.ggufLinearScaling(g);
        b.rotary(RotaryStyle.NEOX, CommonKeys.ggufRotaryDims(g, b.headDim()), new RopeFrequencies(base, globalScaling));
        boolean[] sliding;
        if (generation == 2) {
            sliding = g.slidingLayers("attention.sliding_window_pattern", layers, 2);
            b.slidingWindow(g.count("attention.sliding_window", GgufHyperparameters.MAX_COUNT, 4096), l -> sliding[l]);
            // Gemma 2's local layers use the global base and scaling unless the file names a local base.
            b.rotaryOnLayers(l -> sliding[l], new RopeFrequencies(g.positive("rope.freq_base_swa", 1e12f, base), globalScaling));
            float attnCap = g.has("attn_logit_softcapping") ? g.softCap("attn_logit_softcapping") : 50f;
            b.attentionSoftCap(attnCap).finalSoftCap(g.has("final_logit_softcapping") ? g.softCap("final_logit_softcapping") : 30f);
        } else {
            int window = g.has("attention.sliding_window") ? g.metadata().getInt(name() + ".attention.sliding_window") : 0;
            if (window < 0) throw g.bad("attention.sliding_window", "must not be negative, was " + window);
            if (window > 0) {
                sliding = g.slidingLayers("attention.sliding_window_pattern", layers, 6);
                b.slidingWindow(window, l -> sliding[l]);
                // llama.cpp's defaults for local layers: base 10000, no scaling.
                b.rotaryOnLayers(l -> sliding[l], new RopeFrequencies(g.positive("rope.freq_base_swa", 1e12f, 10000f), new RopeScaling.None()));
            }
            b.qkNorm().finalSoftCap(g.softCap("final_logit_softcapping"));
        }
        int heads = g.uniformCount("attention.head_count", layers);
        b.queryScale((float) (1.0 / Math.sqrt(layers == layersOf27B ? (double) (b.dim() / heads) : b.headDim())));
        return b.build();
    }

    /** llama.cpp's Gemma 2 always multiplies with the token embedding, even when a file has {@code output.weight}. */
    @Override
    public TensorSource canonicalGgufTensors(DecoderConfig config, TensorSource file) {
        if (generation != 2) return file;
        return new TensorSource() {
            @Override
            public Object file() {
                return file.file();
            }

            @Override
            public java.util.Optional<WeightTensor> find(String tensor) {
                return tensor.startsWith("output.") ? java.util.Optional.empty() : file.find(tensor);
            }

            @Override
            public Map<String, String> tensorTypes() {
                return file.tensorTypes();
            }
        };
    }

    @Override
    public DecoderConfig configFromHuggingFace(HfConfig root) {
        // A multimodal Gemma 3 keeps its language model's configuration in text_config.
        HfConfig hf = root.modelType().equals("gemma3") ? root.nested("text_config")
                .orElseThrow(() -> root.bad("text_config", "is missing")) : root;
        DecoderConfig.Builder b = DecoderConfig.builder(name(), root.modelType());
        int dim = hf.count("hidden_size"), heads = hf.count("num_attention_heads"), layers = hf.count("num_hidden_layers");
        int headDim = hf.count("head_dim", 256);
        b.dimensions(dim, layers, heads, hf.count("num_key_value_heads", heads), headDim, hf.count("intermediate_size"),
                        hf.count("vocab_size"), hf.count("max_position_embeddings"))
                .norm(NormKind.RMS, (float) hf.epsilon("rms_norm_eps", 1e-6))
                .mlp(MlpKind.GATED, activation(hf))
                .embeddingScale(roundToDtype((float) Math.sqrt(dim), root.dtype()))
                .postNorms()
                .queryScale((float) Math.pow(hf.positive("query_pre_attn_scalar", 1e9, 256), -0.5));
        int period = generation == 2 ? 2 : hf.count("sliding_window_pattern", 6);
        boolean[] sliding = hf.slidingLayerTypes(layers).orElseGet(() -> {
            boolean[] s = new boolean[layers];
            for (int l = 0; l < layers; l++) s[l] = (l + 1) % period != 0;
            return s;
        });
        if (hf.has("sliding_window")) b.slidingWindow(hf.count("sliding_window"), l -> sliding[l]);
        float theta = CommonKeys.hfRopeBase(hf, generation == 2 ? 10000 : 1e6);
        b.rotary(RotaryStyle.NEOX, headDim, new RopeFrequencies(theta, HfRopeScaling.parse(hf, headDim, theta)));
        if (generation == 2) {
            b.attentionSoftCap((float) hf.softCap("attn_logit_softcapping", 50)).finalSoftCap((float) hf.softCap("final_logit_softcapping", 30));
        } else {
            // Local layers rotate with their own base and no scaling (transformers' rotary_emb_local).
            float local = (float) hf.positive("rope_local_base_freq", 1e12, 10000);
            b.rotaryOnLayers(l -> sliding[l], new RopeFrequencies(local, new RopeScaling.None()));
            b.qkNorm().attentionSoftCap((float) hf.softCap("attn_logit_softcapping", 0))
                    .finalSoftCap((float) hf.softCap("final_logit_softcapping", 0));
        }
        return b.build();
    }

    private static Activation activation(HfConfig hf) {
        String act = hf.string("hidden_activation").or(() -> hf.string("hidden_act")).orElse("gelu_pytorch_tanh");
        if (!act.equals("gelu_pytorch_tanh") && !act.equals("gelu_new")) {
            throw hf.bad("hidden_activation", "'" + act + "' is not supported (gelu_pytorch_tanh)");
        }
        return Activation.GELU_TANH;
    }

    /** transformers multiplies by {@code sqrt(hidden_size)} held in the model's dtype. */
    static float roundToDtype(float value, String dtype) {
        return switch (dtype) {
            case "bfloat16" -> {
                int bits = Float.floatToRawIntBits(value);
                bits += 0x7FFF + ((bits >>> 16) & 1);
                yield Float.intBitsToFloat(bits & 0xFFFF0000);
            }
            case "float16" -> Float.float16ToFloat(Float.floatToFloat16(value));
            default -> value;
        };
    }

    @Override
    public TensorSource canonicalHuggingFaceTensors(DecoderConfig c, HfConfig hf, TensorSource checkpoint, Arena arena) {
        CanonicalTensors t = new CanonicalTensors(checkpoint, arena);
        String root = List.of("model.", "language_model.model.", "model.language_model.").stream()
                .filter(prefix -> t.has(prefix + "embed_tokens.weight")).findFirst().orElse("model.");
        t.put("token_embd.weight", root + "embed_tokens.weight").putPlusOne("output_norm.weight", root + "norm.weight");
        for (int l = 0; l < c.layers(); l++) {
            String h = root + "layers." + l + ".", p = "blk." + l + ".";
            t.put(p + "attn_q.weight", h + "self_attn.q_proj.weight")
                    .put(p + "attn_k.weight", h + "self_attn.k_proj.weight")
                    .put(p + "attn_v.weight", h + "self_attn.v_proj.weight")
                    .put(p + "attn_output.weight", h + "self_attn.o_proj.weight")
                    .put(p + "ffn_gate.weight", h + "mlp.gate_proj.weight")
                    .put(p + "ffn_up.weight", h + "mlp.up_proj.weight")
                    .put(p + "ffn_down.weight", h + "mlp.down_proj.weight")
                    .putPlusOne(p + "attn_norm.weight", h + "input_layernorm.weight")
                    .putPlusOne(p + "post_attention_norm.weight", h + "post_attention_layernorm.weight")
                    .putPlusOne(p + "ffn_norm.weight", h + "pre_feedforward_layernorm.weight")
                    .putPlusOne(p + "post_ffw_norm.weight", h + "post_feedforward_layernorm.weight");
            if (c.qkNorm()) {
                t.putPlusOne(p + "attn_q_norm.weight", h + "self_attn.q_norm.weight")
                        .putPlusOne(p + "attn_k_norm.weight", h + "self_attn.k_norm.weight");
            }
        }
        return t;
    }

    @Override
    public Map<String, GgufValue> ggufMetadata(DecoderConfig c) {
        Map<String, GgufValue> m = new java.util.LinkedHashMap<>(CommonKeys.ggufMetadata(c));
        String a = c.architecture();
        int window = c.layerAttention().stream().mapToInt(DecoderConfig.LayerAttention::slidingWindow).max().orElse(0);
        if (window > 0) {
            m.put(a + ".attention.sliding_window", GgufValue.ofUint32(window));
            m.put(a + ".attention.sliding_window_pattern", GgufValue.ofUint32(slidingPeriod(c)));
            c.layerAttention().stream().filter(x -> x.slidingWindow() > 0).findFirst()
                    .ifPresent(x -> m.put(a + ".rope.freq_base_swa", GgufValue.ofFloat32(x.rope().theta())));
        }
        if (generation == 2) m.put(a + ".attn_logit_softcapping", GgufValue.ofFloat32(c.attentionSoftCap()));
        if (c.finalSoftCap() > 0 || generation == 2) m.put(a + ".final_logit_softcapping", GgufValue.ofFloat32(c.finalSoftCap()));
        return m;
    }

    /** The period {@code p} of llama.cpp's pattern (layer {@code l} slides when {@code l % p < p - 1}) that {@code c} follows. */
    private static int slidingPeriod(DecoderConfig c) {
        for (int p = 1; p <= c.layers() + 1; p++) {
            boolean matches = true;
            for (int l = 0; l < c.layers() && matches; l++) {
                matches = (c.slidingWindow(l) != DecoderConfig.NO_SLIDING_WINDOW) == (l % p < p - 1);
            }
            if (matches) return p;
        }
        throw new IllegalArgumentException("the sliding layers of this configuration follow no period a GGUF file can state");
    }

}
