package org.tokenheatmap.engine.hooks;

/**
 * Named places in the forward pass where activations can be observed or patched, with TransformerLens names and
 * meanings. Per-block points are named {@code blocks.{L}.<suffix>}; the others are global. Shapes are per position.
 * A model has only the points its family's graph has (no {@link #POS_EMBED} without learned positions, no
 * {@link #ROT_Q} without rotary embeddings, no {@link #MLP_PRE_LINEAR} without a gated MLP).
 */
public enum HookPoint {
    /** Token embedding, scaled where the family scales it (Gemma: by {@code sqrt(dim)}), {@code [dim]}. */
    EMBED("hook_embed", false),
    /** Learned positional embedding (GPT-2), {@code [dim]}. */
    POS_EMBED("hook_pos_embed", false),
    /** Residual stream entering the block, {@code [dim]}. */
    RESID_PRE("hook_resid_pre", true),
    /** Output of the block's first (pre-attention) norm, {@code [dim]}. */
    LN1_NORMALIZED("ln1.hook_normalized", true),
    /** Queries: the projection (with its bias), before QK-norm and rotary, {@code [heads, headDim]}. */
    Q("attn.hook_q", true),
    /** Keys before QK-norm and rotary, {@code [kvHeads, headDim]}. */
    K("attn.hook_k", true),
    /** Values, {@code [kvHeads, headDim]}. */
    V("attn.hook_v", true),
    /** Queries after QK-norm and rotary, as they enter the dot products, {@code [heads, headDim]}. */
    ROT_Q("attn.hook_rot_q", true),
    /** Keys after QK-norm and rotary, as they are cached, {@code [kvHeads, headDim]}. */
    ROT_K("attn.hook_rot_k", true),
    /**
     * Attention logits over keys {@code 0..position}: scaled, soft-capped where the family caps them, masked
     * ({@code -Infinity} outside a sliding window), before the softmax, {@code [heads, position + 1]}.
     */
    ATTN_SCORES("attn.hook_attn_scores", true),
    /** Softmax attention probabilities over keys {@code 0..position}, {@code [heads, position + 1]}. */
    PATTERN("attn.hook_pattern", true),
    /** Attention-weighted values before the output projection, {@code [heads, headDim]}. */
    Z("attn.hook_z", true),
    /** What attention adds to the residual stream (after the output projection and any post-attention norm), {@code [dim]}. */
    ATTN_OUT("hook_attn_out", true),
    /** Residual stream after attention, {@code [dim]}. */
    RESID_MID("hook_resid_mid", true),
    /** Output of the block's second (pre-MLP) norm, {@code [dim]}. */
    LN2_NORMALIZED("ln2.hook_normalized", true),
    /** The MLP's pre-activation: the gate projection in a gated MLP, the input projection otherwise, {@code [ffn]}. */
    MLP_PRE("mlp.hook_pre", true),
    /** The up projection of a gated MLP (multiplied with the activated gate), {@code [ffn]}. */
    MLP_PRE_LINEAR("mlp.hook_pre_linear", true),
    /** The neurons: the activation (times the up projection in a gated MLP), {@code [ffn]}. */
    MLP_POST("mlp.hook_post", true),
    /** What the MLP adds to the residual stream (after the down projection and any post-MLP norm), {@code [dim]}. */
    MLP_OUT("hook_mlp_out", true),
    /** Residual stream leaving the block, {@code [dim]}. */
    RESID_POST("hook_resid_post", true),
    /** Final norm output, {@code [dim]}. */
    LN_FINAL("ln_final.hook_normalized", false),
    /** Output logits (after the final soft-cap where the family has one), {@code [vocab]}. */
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

    /** The name without a block prefix, e.g. {@code attn.hook_pattern}. */
    public String suffix() {
        return suffix;
    }

    /** Full name, e.g. {@code blocks.3.attn.hook_pattern}; {@code layer} is ignored for global points. */
    public String hookName(int layer) {
        return perLayer ? "blocks." + layer + "." + suffix : suffix;
    }
}
