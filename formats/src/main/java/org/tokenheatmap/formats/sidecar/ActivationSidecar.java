package org.tokenheatmap.formats.sidecar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activation sidecar of one step (seeds/activation-sidecar.schema.json): raw {@code hidden_dim}-long vectors per
 * captured layer and submodule.
 */
public record ActivationSidecar(String schemaVersion, long step, int numLayers, int hiddenDim, List<String> capturedSubmodules,
                                List<Integer> capturedLayers, List<Layer> layers) implements Sidecar {

    public ActivationSidecar {
        capturedSubmodules = List.copyOf(capturedSubmodules);
        capturedLayers = List.copyOf(capturedLayers);
        layers = List.copyOf(layers);
    }

    /** @param submoduleTensors submodule name → vector, in {@code captured_submodules} order */
    public record Layer(int layer, Map<String, float[]> submoduleTensors) {
        public Layer {
            submoduleTensors = Collections.unmodifiableMap(new LinkedHashMap<>(submoduleTensors));
        }
    }

    @Override
    public SidecarKind kind() { return SidecarKind.ACTIVATION; }
}
