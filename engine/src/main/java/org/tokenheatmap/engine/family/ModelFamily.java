package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.TensorSource;

/**
 * All that one model family knows, in one place: which files are its own, how their metadata becomes a
 * {@link DecoderConfig}, and how their tensors map onto the canonical layout that the generic decoder reads
 * (llama.cpp's GGUF names, {@code [rows, cols]} shapes, q/k rows in the order the family's rotary style expects).
 * The readers (GGUF, safetensors, llama2.c) know no family; the decoder has no family branch.
 *
 * <p>To add a family: implement this interface (a config from GGUF keys, a config from {@code config.json}, the
 * Hugging Face tensor conversion and the GGUF layout), register it in {@link ModelFamilies}, and add its case to the
 * reference tests (see docs/engine.md, "Adding a family").
 */
public interface ModelFamily {

    /** Short name, e.g. {@code gemma2}; what {@code heatmap info} prints. */
    String name();

    /** GGUF {@code general.architecture} values this family reads. */
    Set<String> ggufArchitectures();

    /** Hugging Face {@code model_type} values this family reads. */
    Set<String> huggingFaceModelTypes();

    /** The configuration from a GGUF file's hyperparameters, as llama.cpp reads them for this architecture. */
    DecoderConfig configFromGguf(GgufHyperparameters gguf);

    /** The file's tensors in the canonical layout; most GGUF files already are. */
    default TensorSource canonicalGgufTensors(DecoderConfig config, TensorSource file) {
        return file;
    }

    /** The configuration from {@code config.json}, as transformers reads it. */
    DecoderConfig configFromHuggingFace(HfConfig hf);

    /**
     * The checkpoint's tensors (Hugging Face names) in the canonical layout; copies (transposes, permutations,
     * shifted norms) are allocated in {@code arena}, which lives as long as the model.
     */
    TensorSource canonicalHuggingFaceTensors(DecoderConfig config, HfConfig hf, TensorSource checkpoint, Arena arena);

    /** What {@link #configFromGguf} reads back to {@code config}, as {@code <arch>.*} metadata. */
    Map<String, GgufValue> ggufMetadata(DecoderConfig config);

    /** The tensors a GGUF file of {@code config} holds in this family's layout (fused where llama.cpp's converter fuses). */
    List<TensorSpec> ggufTensors(DecoderConfig config);

    /**
     * A tensor of a family's file layout.
     *
     * @param shape row-major {@code [rows, cols]} or {@code [n]}
     */
    record TensorSpec(String name, long[] shape, Role role) {
        /** What the values are, for writing plausible random weights. */
        public enum Role { MATRIX, NORM_GAIN, BIAS }
    }
}
