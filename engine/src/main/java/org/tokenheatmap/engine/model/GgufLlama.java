package org.tokenheatmap.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufMetadata;
import org.tokenheatmap.engine.gguf.GgufTensorInfo;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * Reads a Llama-family config from GGUF metadata ({@code <arch>.embedding_length}, {@code block_count}, ...) and
 * exposes the file's tensors as a {@link TensorSource}.
 */
public final class GgufLlama {

    /** Architectures that use the llama graph in llama.cpp (Mistral GGUFs are written as "llama"). */
    private static final java.util.Set<String> LLAMA_LIKE = java.util.Set.of("llama", "mistral");

    private GgufLlama() {}

    public static LlamaConfig config(GgufFile gguf) {
        GgufMetadata m = gguf.metadata();
        String arch = m.getString("general.architecture");
        if (!LLAMA_LIKE.contains(arch)) {
            throw new BadInputException(gguf.path(), "metadata key general.architecture",
                    "architecture '" + arch + "' is not supported (supported: " + LLAMA_LIKE + ")");
        }
        int dim = m.getInt(arch + ".embedding_length");
        int heads = m.getInt(arch + ".attention.head_count");
        int kvHeads = m.getInt(arch + ".attention.head_count_kv", heads);
        int ropeDim = m.getInt(arch + ".rope.dimension_count", heads > 0 ? dim / heads : 0);
        float theta = m.getFloat(arch + ".rope.freq_base", 10000f);
        int vocab = vocabSize(gguf, arch);
        try {
            return new LlamaConfig(arch, dim, m.getInt(arch + ".feed_forward_length"), m.getInt(arch + ".block_count"),
                    heads, kvHeads, vocab, m.getInt(arch + ".context_length"), ropeDim, theta,
                    ropeScaling(gguf, arch, ropeDim), m.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
                    // llama.cpp, our reference for GGUF, runs the llama architecture (Mistral included) without one.
                    LlamaConfig.NO_SLIDING_WINDOW);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(gguf.path(), "metadata", e.getMessage());
        }
    }

    private static int vocabSize(GgufFile gguf, String arch) {
        GgufMetadata m = gguf.metadata();
        if (m.contains(arch + ".vocab_size")) return m.getInt(arch + ".vocab_size");
        GgufTensorInfo embedding = gguf.tensorInfo("token_embd.weight");
        if (embedding.rank() != 2) throw new BadInputException(gguf.path(), "tensor token_embd.weight", "must be 2-D");
        return Math.toIntExact(embedding.dims()[1]);
    }

    private static RopeScaling ropeScaling(GgufFile gguf, String arch, int ropeDim) {
        GgufMetadata m = gguf.metadata();
        if (gguf.hasTensor("rope_freqs.weight")) {
            FloatTensor freqs = gguf.tensor("rope_freqs.weight");
            if (freqs.size() != ropeDim / 2) {
                throw new BadInputException(gguf.path(), "tensor rope_freqs.weight",
                        "has " + freqs.size() + " factors, rope dimension " + ropeDim + " needs " + ropeDim / 2);
            }
            float[] factors = new float[ropeDim / 2];
            freqs.copyRow(0, factors.length, factors);
            return new RopeScaling.PerFrequency(factors);
        }
        String type = m.findString(arch + ".rope.scaling.type").orElse("none");
        return switch (type) {
            case "none" -> new RopeScaling.None();
            case "linear" -> {
                float factor = m.getFloat(arch + ".rope.scaling.factor", 1f);
                yield factor == 1f ? new RopeScaling.None() : new RopeScaling.Linear(factor);
            }
            default -> throw new BadInputException(gguf.path(), "metadata key " + arch + ".rope.scaling.type",
                    "rope scaling '" + type + "' is not supported (none, linear, llama3 rope_freqs)");
        };
    }

    /** The file's tensors by name; types are reported with ggml's names. */
    public static TensorSource tensors(GgufFile gguf) {
        return new TensorSource() {
            @Override
            public Object file() {
                return gguf.path();
            }

            @Override
            public Optional<FloatTensor> find(String name) {
                return gguf.hasTensor(name) ? Optional.of(gguf.tensor(name)) : Optional.empty();
            }

            @Override
            public Map<String, String> tensorTypes() {
                Map<String, String> types = new LinkedHashMap<>();
                gguf.tensors().forEach(t -> types.put(t.name(), t.type().name()));
                return types;
            }
        };
    }
}
