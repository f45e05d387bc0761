package org.tokenheatmap.engine.gguf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;

/** A GGUF file's tensors by name, with their dims turned into row-major shapes (GGUF stores innermost first). */
public record GgufTensors(GgufFile gguf) implements TensorSource {

    @Override
    public Object file() {
        return gguf.path();
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        return gguf.findTensor(name).map(info -> {
            long[] dims = info.dims(), shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) shape[i] = dims[dims.length - 1 - i];
            return new WeightTensor(name, gguf.tensor(name), shape);
        });
    }

    /** Names and ggml type names of every tensor, in file order. */
    @Override
    public Map<String, String> tensorTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        gguf.tensors().forEach(t -> types.put(t.name(), t.type().name()));
        return types;
    }
}
