package org.tokenheatmap.formats.sidecar;

import java.util.List;

/**
 * The attention sidecar of one step (seeds/attention-sidecar.schema.json): every captured layer's full attention
 * distribution and, when QKV capture was on, the last position's q/k/v vectors.
 */
public record AttentionSidecar(String schemaVersion, long step, int numAttentionHeads, int numKeyValueHeads, int headDim,
                               List<Layer> layers) implements Sidecar {

    public AttentionSidecar {
        layers = List.copyOf(layers);
    }

    /**
     * One captured layer.
     *
     * @param attentionWeights [num_attention_heads, key_length]; each row sums to 1
     * @param qLast            [num_attention_heads, head_dim], or null when QKV capture was off
     * @param kLast            [num_key_value_heads, head_dim], or null
     * @param vLast            [num_key_value_heads, head_dim], or null
     */
    public record Layer(int layer, FloatMatrix attentionWeights, FloatMatrix qLast, FloatMatrix kLast, FloatMatrix vLast) {
        public Layer {
            java.util.Objects.requireNonNull(attentionWeights, "attentionWeights");
        }
    }

    @Override
    public SidecarKind kind() { return SidecarKind.ATTENTION; }
}
