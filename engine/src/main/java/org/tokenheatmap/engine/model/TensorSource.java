package org.tokenheatmap.engine.model;

import java.util.Map;
import java.util.Optional;

/**
 * Weights by name, whatever the file format: a GGUF file or llama2.c checkpoint under GGUF names, a Hugging Face
 * directory under its own names, or a family's conversion of either into the canonical (GGUF) layout.
 */
public interface TensorSource {

    /** Where the tensors come from, for error messages. */
    Object file();

    Optional<WeightTensor> find(String name);

    /** Names and type labels of every tensor the file holds (for {@code heatmap info}). */
    Map<String, String> tensorTypes();
}
