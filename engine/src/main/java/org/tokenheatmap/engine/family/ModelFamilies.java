package org.tokenheatmap.engine.family;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.Set;

/** The registry: every family the engine runs, and lookups by GGUF architecture or Hugging Face model type. */
public final class ModelFamilies {

    public static final LlamaFamily LLAMA = new LlamaFamily();

    /** Every family; adding one is one line here. */
    public static final List<ModelFamily> ALL = List.of(LLAMA, new Gpt2Family(), QwenFamily.QWEN2, QwenFamily.QWEN3,
            GemmaFamily.GEMMA2, GemmaFamily.GEMMA3, new Phi3Family());

    private ModelFamilies() {}

    public static Optional<ModelFamily> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static Optional<ModelFamily> forGgufArchitecture(String architecture) {
        return ALL.stream().filter(f -> f.ggufArchitectures().contains(architecture)).findFirst();
    }

    public static Optional<ModelFamily> forHuggingFaceModelType(String modelType) {
        return ALL.stream().filter(f -> f.huggingFaceModelTypes().contains(modelType)).findFirst();
    }

    /** All GGUF architectures, for error messages. */
    public static Set<String> ggufArchitectures() {
        return collect(ModelFamily::ggufArchitectures);
    }

    /** All Hugging Face model types, for error messages. */
    public static Set<String> huggingFaceModelTypes() {
        return collect(ModelFamily::huggingFaceModelTypes);
    }

    private static Set<String> collect(Function<ModelFamily, Set<String>> names) {
        TreeSet<String> all = new TreeSet<>();
        ALL.forEach(f -> all.addAll(names.apply(f)));
        return all;
    }
}
