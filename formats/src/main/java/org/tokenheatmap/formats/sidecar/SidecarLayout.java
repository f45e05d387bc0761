package org.tokenheatmap.formats.sidecar;

import java.util.LinkedHashSet;
import java.util.Set;

/** Key names of the sidecar {@code .npz} layout (PRODUCT.md, "Sidecar .npz key layout"), shared by reader, writer and checks. */
final class SidecarLayout {
    static final String SCHEMA_VERSION = "schema_version";
    static final String STEP = "step";
    static final String NUM_ATTENTION_HEADS = "num_attention_heads";
    static final String NUM_KEY_VALUE_HEADS = "num_key_value_heads";
    static final String HEAD_DIM = "head_dim";
    static final String LAYERS = "layers";
    static final String ATTENTION_WEIGHTS = "attention_weights";
    static final String Q_LAST = "q_last";
    static final String K_LAST = "k_last";
    static final String V_LAST = "v_last";
    static final String NUM_LAYERS = "num_layers";
    static final String HIDDEN_DIM = "hidden_dim";
    static final String CAPTURED_SUBMODULES = "captured_submodules";
    static final String CAPTURED_LAYERS = "captured_layers";

    private SidecarLayout() {}

    /** The key of one layer's array: {@code layer_L/NAME}. */
    static String layerKey(int layer, String name) {
        return "layer_" + layer + "/" + name;
    }

    /** Every key a well-formed archive of this sidecar holds. */
    static Set<String> keys(Sidecar sidecar) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(SCHEMA_VERSION);
        keys.add(STEP);
        switch (sidecar) {
            case AttentionSidecar a -> {
                keys.add(NUM_ATTENTION_HEADS);
                keys.add(NUM_KEY_VALUE_HEADS);
                keys.add(HEAD_DIM);
                keys.add(LAYERS);
                for (AttentionSidecar.Layer l : a.layers()) {
                    keys.add(layerKey(l.layer(), ATTENTION_WEIGHTS));
                    if (l.qLast() != null) keys.add(layerKey(l.layer(), Q_LAST));
                    if (l.kLast() != null) keys.add(layerKey(l.layer(), K_LAST));
                    if (l.vLast() != null) keys.add(layerKey(l.layer(), V_LAST));
                }
            }
            case ActivationSidecar a -> {
                keys.add(NUM_LAYERS);
                keys.add(HIDDEN_DIM);
                keys.add(CAPTURED_SUBMODULES);
                keys.add(CAPTURED_LAYERS);
                for (ActivationSidecar.Layer l : a.layers())
                    for (String sub : l.submoduleTensors().keySet()) keys.add(layerKey(l.layer(), sub));
            }
        }
        return keys;
    }
}
