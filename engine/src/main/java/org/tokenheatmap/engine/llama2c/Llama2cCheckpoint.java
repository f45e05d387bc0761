package org.tokenheatmap.engine.llama2c;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.gguf.MappedFiles;
import org.tokenheatmap.engine.model.LlamaConfig;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.tensor.F32Tensor;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * A llama2.c {@code run.c} checkpoint: 7 little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
 * vocab_size — negative when a separate classifier follows — seq_len), then float32 tensors in run.c order. The
 * tensors are memory-mapped and exposed under their GGUF names so that one loader builds the model.
 */
public final class Llama2cCheckpoint implements TensorSource, AutoCloseable {

    private static final int HEADER_BYTES = 7 * Integer.BYTES;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** run.c's defaults: rope base 10000, rms eps 1e-5. */
    private static final float ROPE_THETA = 10000f;
    private static final float RMS_EPS = 1e-5f;

    private final Path path;
    private final Arena arena;
    private final LlamaConfig config;
    private final Map<String, FloatTensor> tensors;

    private Llama2cCheckpoint(Path path, Arena arena, LlamaConfig config, Map<String, FloatTensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.config = config;
        this.tensors = tensors;
    }

    public static Llama2cCheckpoint open(Path path) {
        return MappedFiles.map(path, Llama2cCheckpoint::parse);
    }

    private static Llama2cCheckpoint parse(Path path, Arena arena, MemorySegment file) {
        if (file.byteSize() < HEADER_BYTES) throw new BadInputException(path, "byte 0", "too short for a llama2.c header");
        int[] h = new int[7];
        for (int i = 0; i < 7; i++) h[i] = file.get(LE_INT, (long) i * Integer.BYTES);
        boolean shared = h[5] > 0;
        int vocab = Math.abs(h[5]);
        LlamaConfig config;
        try {
            config = new LlamaConfig("llama", h[0], h[1], h[2], h[3], h[4], vocab, h[6], h[3] > 0 ? h[0] / h[3] : 0,
                    ROPE_THETA, new RopeScaling.None(), RMS_EPS, LlamaConfig.NO_SLIDING_WINDOW); // run.c has none
        } catch (IllegalArgumentException e) {
            throw new BadInputException(path, "header", "not a GGUF file, and not a llama2.c checkpoint: " + e.getMessage());
        }
        Layout layout = new Layout(path, file, HEADER_BYTES);
        int dim = config.dim(), kv = config.kvDim(), hidden = config.hiddenDim(), layers = config.nLayers();
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("token_embd.weight", layout.next("token_embedding_table", (long) vocab * dim));
        layout.perLayer(t, "attn_norm.weight", layers, dim);
        layout.perLayer(t, "attn_q.weight", layers, (long) dim * dim);
        layout.perLayer(t, "attn_k.weight", layers, (long) kv * dim);
        layout.perLayer(t, "attn_v.weight", layers, (long) kv * dim);
        layout.perLayer(t, "attn_output.weight", layers, (long) dim * dim);
        layout.perLayer(t, "ffn_norm.weight", layers, dim);
        layout.perLayer(t, "ffn_gate.weight", layers, (long) hidden * dim);
        layout.perLayer(t, "ffn_down.weight", layers, (long) dim * hidden);
        layout.perLayer(t, "ffn_up.weight", layers, (long) hidden * dim);
        t.put("output_norm.weight", layout.next("rms_final_weight", dim));
        // Unused precomputed RoPE tables (freq_cis_real, freq_cis_imag): we compute rotations ourselves.
        layout.next("freq_cis", (long) config.contextLength() * config.headDim());
        if (!shared) t.put("output.weight", layout.next("wcls", (long) vocab * dim));
        return new Llama2cCheckpoint(path, arena, config, Map.copyOf(t));
    }

    /** Cursor over the float32 tensors following the header. */
    private static final class Layout {
        private final Path path;
        private final MemorySegment file;
        private long offset;

        Layout(Path path, MemorySegment file, long offset) {
            this.path = path;
            this.file = file;
            this.offset = offset;
        }

        FloatTensor next(String name, long elements) {
            long bytes = elements * Float.BYTES;
            if (bytes > file.byteSize() - offset) {
                throw new BadInputException(path, "tensor " + name + " at byte " + offset,
                        "needs " + bytes + " bytes but the file has " + (file.byteSize() - offset) + " left");
            }
            FloatTensor t = new F32Tensor(file.asSlice(offset, bytes), elements);
            offset += bytes;
            return t;
        }

        void perLayer(Map<String, FloatTensor> into, String ggufSuffix, int layers, long elementsPerLayer) {
            for (int l = 0; l < layers; l++) into.put("blk." + l + "." + ggufSuffix, next(ggufSuffix, elementsPerLayer));
        }
    }

    public LlamaConfig config() {
        return config;
    }

    public Path path() {
        return path;
    }

    @Override
    public Object file() {
        return path;
    }

    @Override
    public Optional<FloatTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public Map<String, String> tensorTypes() {
        Map<String, String> types = new java.util.TreeMap<>();
        tensors.keySet().forEach(name -> types.put(name, "F32"));
        return types;
    }

    @Override
    public void close() {
        arena.close();
    }
}
