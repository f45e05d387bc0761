package org.tokenheatmap.engine.family;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.DecoderConfig;

/** A family's names and its GGUF file layout; what every {@link ModelFamily} has, in one place. */
abstract class BaseFamily implements ModelFamily {

    private final String name;
    private final Set<String> ggufArchitectures, huggingFaceModelTypes;
    private final CommonKeys.Layout ggufLayout;

    BaseFamily(String name, Set<String> ggufArchitectures, Set<String> huggingFaceModelTypes, CommonKeys.Layout ggufLayout) {
        this.name = name;
        this.ggufArchitectures = Set.copyOf(ggufArchitectures);
        this.huggingFaceModelTypes = Set.copyOf(huggingFaceModelTypes);
        this.ggufLayout = ggufLayout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> ggufArchitectures() {
        return ggufArchitectures;
    }

    @Override
    public final Set<String> huggingFaceModelTypes() {
        return huggingFaceModelTypes;
    }

    @Override
    public Map<String, GgufValue> ggufMetadata(DecoderConfig config) {
        return CommonKeys.ggufMetadata(config);
    }

    @Override
    public final List<TensorSpec> ggufTensors(DecoderConfig config) {
        return CommonKeys.ggufTensors(config, ggufLayout);
    }
}
