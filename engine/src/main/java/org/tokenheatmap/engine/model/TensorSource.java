package org.tokenheatmap.engine.model;

import java.util.Optional;
import org.tokenheatmap.engine.tensor.FloatTensor;

/** Weights by GGUF tensor name ({@code token_embd.weight}, {@code blk.0.attn_q.weight}, ...), whatever the file format. */
public interface TensorSource {

    /** Where the tensors come from, for error messages. */
    Object file();

    Optional<FloatTensor> find(String name);

    /** Names and type labels of every tensor (for {@code heatmap info}). */
    java.util.Map<String, String> tensorTypes();
}
