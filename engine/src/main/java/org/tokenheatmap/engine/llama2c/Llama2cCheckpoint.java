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
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.tensor.F32Tensor;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * A llama2.c {@code run.c} checkpoint: 7 little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
 * vocab_size — negative when a separate classifier follows — seq_len), then float32 tensors in run.c order. The
 * tensors are memory-mapped and exposed under their GGUF names and shapes; the llama family turns the header into a
 * configuration.
 */
public final class Llama2cCheckpoint implements TensorSource, AutoCloseable {

    private static final int HEADER_BYTES = 7 * Integer.BYTES;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Far above real checkpoints; keeps every size computed from the header within range. */
    private static final int MAX_COUNT = 1 << 24, MAX_LAYERS = 1 << 12;

    /**
     * The header.
     *
     * @param sharedClassifier whether the classifier reuses the token embedding (positive vocab_size in the file)
     */
    public record Header(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen,
                         boolean sharedClassifier) {
        public int headDim() {
            return dim / heads;
        }
    }

    private final Path path;
    private final Arena arena;
    private final Header header;
    private final Map<String, WeightTensor> tensors;

    private Llama2cCheckpoint(Path path, Arena arena, Header header, Map<String, WeightTensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.header = header;
        this.tensors = tensors;
    }

    public static Llama2cCheckpoint open(Path path) {
        return MappedFiles.map(path, Llama2cCheckpoint::parse);
    }

    private static Llama2cCheckpoint parse(Path path, Arena arena, MemorySegment file) {
        if (file.byteSize() < HEADER_BYTES) throw new BadInputException(path, "byte 0", "too short for a llama2.c header");
        int[] h = new int[7];
        for (int i = 0; i < 7; i++) h[i] = file.get(LE_INT, (long) i * Integer.BYTES);
        Header header = new Header(h[0], h[1], h[2], h[3], h[4], h[5] == Integer.MIN_VALUE ? 0 : Math.abs(h[5]), h[6], h[5] > 0);
        checkHeader(path, header);
        Layout layout = new Layout(path, file, HEADER_BYTES);
        int dim = header.dim(), kv = header.kvHeads() * header.headDim(), hidden = header.hiddenDim(), layers = header.layers();
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        layout.next(t, "token_embd.weight", "token_embedding_table", header.vocabSize(), dim);
        layout.perLayer(t, "attn_norm.weight", layers, dim);
        layout.perLayer(t, "attn_q.weight", layers, dim, dim);
        layout.perLayer(t, "attn_k.weight", layers, kv, dim);
        layout.perLayer(t, "attn_v.weight", layers, kv, dim);
        layout.perLayer(t, "attn_output.weight", layers, dim, dim);
        layout.perLayer(t, "ffn_norm.weight", layers, dim);
        layout.perLayer(t, "ffn_gate.weight", layers, hidden, dim);
        layout.perLayer(t, "ffn_down.weight", layers, dim, hidden);
        layout.perLayer(t, "ffn_up.weight", layers, hidden, dim);
        layout.next(t, "output_norm.weight", "rms_final_weight", dim);
        // Unused precomputed RoPE tables (freq_cis_real, freq_cis_imag): we compute rotations ourselves.
        layout.skip("freq_cis", (long) header.seqLen() * header.headDim());
        if (!header.sharedClassifier()) layout.next(t, "output.weight", "wcls", header.vocabSize(), dim);
        return new Llama2cCheckpoint(path, arena, header, java.util.Collections.unmodifiableMap(t));
    }

    /** Every count in range before anything is sized by it. */
    private static void checkHeader(Path path, Header h) {
        String problem = null;
        if (h.dim() < 1 || h.dim() > MAX_COUNT) problem = "dim " + h.dim();
        else if (h.hiddenDim() < 1 || h.hiddenDim() > MAX_COUNT) problem = "hidden_dim " + h.hiddenDim();
        else if (h.layers() < 1 || h.layers() > MAX_LAYERS) problem = "n_layers " + h.layers();
        else if (h.heads() < 1 || h.dim() % h.heads() != 0) problem = "n_heads " + h.heads() + " (must divide dim " + h.dim() + ")";
        else if (h.kvHeads() < 1 || h.heads() % h.kvHeads() != 0) problem = "n_kv_heads " + h.kvHeads() + " (must divide n_heads " + h.heads() + ")";
        else if (h.vocabSize() < 1 || h.vocabSize() > MAX_COUNT) problem = "vocab_size " + h.vocabSize();
        else if (h.seqLen() < 1 || h.seqLen() > MAX_COUNT) problem = "seq_len " + h.seqLen();
        if (problem != null) {
            throw new BadInputException(path, "header", "not a GGUF file, and not a llama2.c checkpoint: " + problem + " is out of range");
        }
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

        private MemorySegment take(String name, long elements) {
            long bytes = Math.multiplyExact(elements, Float.BYTES);
            if (bytes > file.byteSize() - offset) {
                throw new BadInputException(path, "tensor " + name + " at byte " + offset,
                        "needs " + bytes + " bytes but the file has " + (file.byteSize() - offset) + " left");
            }
            MemorySegment slice = file.asSlice(offset, bytes);
            offset += bytes;
            return slice;
        }

        void next(Map<String, WeightTensor> into, String ggufName, String runcName, long... shape) {
            long elements = 1;
            for (long d : shape) elements = Math.multiplyExact(elements, d);
            into.put(ggufName, new WeightTensor(ggufName, new F32Tensor(take(runcName, elements), elements), shape));
        }

        void skip(String name, long elements) {
            take(name, elements);
        }

        void perLayer(Map<String, WeightTensor> into, String ggufSuffix, int layers, long... shape) {
            for (int l = 0; l < layers; l++) next(into, "blk." + l + "." + ggufSuffix, ggufSuffix, shape);
        }
    }

    public Header header() {
        return header;
    }

    public Path path() {
        return path;
    }

    @Override
    public Object file() {
        return path;
    }

    @Override
    public Optional<WeightTensor> find(String name) {
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
