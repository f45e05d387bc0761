package org.tokenheatmap.engine.hooks;

/**
 * Named places in the forward pass where activations can be observed, with TransformerLens names. Per-block points are
 * named {@code blocks.{L}.<suffix>}; the others are global. Shapes are per position.
 */
public enum HookPoint {
    /** Token embedding, {@code [dim]}. */
    EMBED("hook_embed", false),
    /** Residual stream entering the block, {@code [dim]}. */
    RESID_PRE("hook_resid_pre", true),
    /** Queries after RoPE, {@code [heads, headDim]}. */
    Q("attn.hook_q", true),
    /** Keys after RoPE, {@code [kvHeads, headDim]}. */
    K("attn.hook_k", true),
    /** Values, {@code [kvHeads, headDim]}. */
    V("attn.hook_v", true),
    /** Softmax attention probabilities over keys {@code 0..position}, {@code [heads, position + 1]}. */
    PATTERN("attn.hook_pattern", true),
    /** Attention-weighted values before the output projection, {@code [heads, headDim]}. */
    Z("attn.hook_z", true),
    /** Attention output after the output projection, {@code [dim]}. */
    ATTN_OUT("hook_attn_out", true),
    /** Residual stream after attention, {@code [dim]}. */
    RESID_MID("hook_resid_mid", true),
    /** MLP output after the down projection, {@code [dim]}. */
    MLP_OUT("mlp.hook_out", true),
    /** Residual stream leaving the block, {@code [dim]}. */
    RESID_POST("hook_resid_post", true),
    /** Final RMSNorm output, {@code [dim]}. */
    LN_FINAL("ln_final.hook_normalized", false),
    /** Output logits, {@code [vocab]}. */
    LOGITS("hook_logits", false);

    private final String suffix;
    private final boolean perLayer;

    HookPoint(String suffix, boolean perLayer) {
        this.suffix = suffix;
        this.perLayer = perLayer;
    }

    public boolean perLayer() {
        return perLayer;
    }

    /** Full name, e.g. {@code blocks.3.attn.hook_pattern}; {@code layer} is ignored for global points. */
    public String hookName(int layer) {
        return perLayer ? "blocks." + layer + "." + suffix : suffix;
    }
}
