package org.tokenheatmap.engine.family;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.engine.tensor.F32Tensor;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.formats.BadInputException;

/**
 * A checkpoint's tensors converted to the canonical layout (llama.cpp's GGUF names and {@code [rows, cols]} shapes),
 * one call per tensor: a family's Hugging Face conversion reads as a list of these calls. Renames and row ranges are
 * views of the mapped file; transposes, permutations and shifted norms are copied once, off-heap, in the source's
 * element type.
 */
final class CanonicalTensors implements TensorSource {

    private final TensorSource checkpoint;
    private final Arena arena;
    private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();

    CanonicalTensors(TensorSource checkpoint, Arena arena) {
        this.checkpoint = checkpoint;
        this.arena = arena;
    }

    boolean has(String sourceName) {
        return checkpoint.find(sourceName).isPresent();
    }

    /** {@code canonical} is {@code sourceName}, unchanged. */
    CanonicalTensors put(String canonical, String sourceName) {
        WeightTensor t = require(sourceName);
        tensors.put(canonical, new WeightTensor(canonical, t.values(), t.shape()));
        return this;
    }

    /** {@link #put} when the checkpoint has {@code sourceName} (optional biases, untied heads). */
    CanonicalTensors putIfPresent(String canonical, String sourceName) {
        return has(sourceName) ? put(canonical, sourceName) : this;
    }

    /** A {@code [in, out]} matrix (GPT-2's Conv1D) stored transposed, as the {@code [out, in]} a linear layer reads. */
    CanonicalTensors putTransposed(String canonical, String sourceName) {
        WeightTensor t = matrix(sourceName);
        long[] s = t.shape();
        long rows = s[0], cols = s[1];
        FloatTensor copy = copy(t, (to) -> {
            long outRow = to / rows, outCol = to % rows; // element (r, c) of the [cols, rows] result
            return outCol * cols + outRow;
        });
        tensors.put(canonical, new WeightTensor(canonical, copy, new long[] {cols, rows}));
        return this;
    }

    /** Rows {@code [from, to)} of a fused matrix, or elements {@code [from, to)} of a fused bias (a view). */
    CanonicalTensors putRows(String canonical, String sourceName, long from, long to) {
        WeightTensor t = require(sourceName);
        long[] s = t.shape();
        if (s.length < 1 || s.length > 2 || to > s[0] || from < 0 || from >= to) {
            throw new BadInputException(checkpoint.file(), "tensor " + sourceName, "shape " + t.shapeText()
                    + " has no rows " + from + ".." + to + " (a fused tensor of the wrong size?)");
        }
        int cols = s.length == 2 ? Math.toIntExact(s[1]) : 1;
        long[] shape = s.length == 2 ? new long[] {to - from, cols} : new long[] {to - from};
        tensors.put(canonical, new WeightTensor(canonical, t.values().rows(from, to, cols), shape));
        return this;
    }

    /** A norm gain stored as an offset from 1 (Gemma's {@code (1 + w)}), as the plain gain {@code 1 + w} (F32). */
    CanonicalTensors putPlusOne(String canonical, String sourceName) {
        WeightTensor t = require(sourceName);
        float[] gain = new float[Math.toIntExact(t.values().size())];
        for (int i = 0; i < gain.length; i++) gain[i] = 1f + t.values().getFloat(i);
        tensors.put(canonical, new WeightTensor(canonical, new F32Tensor(gain), t.shape()));
        return this;
    }

    /**
     * A q or k projection whose heads rotate halves ({@code rotate_half}) with rows reordered so that adjacent rows
     * rotate together, as llama.cpp's converter writes llama GGUFs: per head, row {@code 2i + j} takes row
     * {@code j * headDim/2 + i}. Scores are unchanged because q and k are permuted alike.
     */
    CanonicalTensors putRotaryInterleaved(String canonical, String sourceName, int headDim) {
        WeightTensor t = matrix(sourceName);
        long[] s = t.shape();
        if (s[0] % headDim != 0) {
            throw new BadInputException(checkpoint.file(), "tensor " + sourceName, "shape " + t.shapeText()
                    + " is not a whole number of heads of width " + headDim);
        }
        long cols = s[1];
        int half = headDim / 2;
        FloatTensor copy = copy(t, to -> {
            long row = to / cols, col = to % cols;
            long head = row / headDim, within = row % headDim;
            long from = head * headDim + (within % 2) * half + within / 2;
            return from * cols + col;
        });
        tensors.put(canonical, new WeightTensor(canonical, copy, s));
        return this;
    }

    /**
     * The Llama-style checkpoint's embedding, final norm and, unless tied, {@code lm_head} (a tied checkpoint may
     * still ship {@code lm_head.weight} as a copy: transformers ignores it, and so do we).
     */
    CanonicalTensors embeddingAndHead(HfConfig hf, boolean tiedByDefault) {
        put("token_embd.weight", "model.embed_tokens.weight").put("output_norm.weight", "model.norm.weight");
        return hf.bool("tie_word_embeddings", tiedByDefault) ? this : put("output.weight", "lm_head.weight");
    }

    /** Block {@code layer}'s output projection, down projection and its two norms, as Llama-style checkpoints name them. */
    CanonicalTensors blockOutputsAndNorms(int layer) {
        String h = "model.layers." + layer + ".", p = "blk." + layer + ".";
        return put(p + "attn_output.weight", h + "self_attn.o_proj.weight")
                .put(p + "ffn_down.weight", h + "mlp.down_proj.weight")
                .put(p + "attn_norm.weight", h + "input_layernorm.weight")
                .put(p + "ffn_norm.weight", h + "post_attention_layernorm.weight");
    }

    /** Block {@code layer}'s separate gate and up projections. */
    CanonicalTensors gateAndUp(int layer) {
        String h = "model.layers." + layer + ".", p = "blk." + layer + ".";
        return put(p + "ffn_gate.weight", h + "mlp.gate_proj.weight").put(p + "ffn_up.weight", h + "mlp.up_proj.weight");
    }

    private WeightTensor require(String sourceName) {
        return checkpoint.find(sourceName)
                .orElseThrow(() -> new BadInputException(checkpoint.file(), "tensor " + sourceName, "missing"));
    }

    private WeightTensor matrix(String sourceName) {
        WeightTensor t = require(sourceName);
        if (t.shape().length != 2) {
            throw new BadInputException(checkpoint.file(), "tensor " + sourceName, "must be a matrix, has shape " + t.shapeText());
        }
        return t;
    }

    /** Element {@code i} of the copy is element {@code sourceIndex(i)} of {@code t}: an element-wise reordering. */
    private FloatTensor copy(WeightTensor t, java.util.function.LongUnaryOperator sourceIndex) {
        FloatTensor values = t.values();
        int bytes = Math.toIntExact(values.type().byteSize(1));
        if (values.type().blockSize() != 1) {
            throw new BadInputException(checkpoint.file(), "tensor " + t.name(), "a " + values.type()
                    + " tensor cannot be reordered element by element");
        }
        MemorySegment from = values.data(), to = arena.allocate(values.data().byteSize(), 8);
        for (long i = 0; i < values.size(); i++) {
            MemorySegment.copy(from, sourceIndex.applyAsLong(i) * bytes, to, i * bytes, bytes);
        }
        return FloatTensors.of(values.type(), to, values.size());
    }

    @Override
    public Object file() {
        return checkpoint.file();
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public Map<String, String> tensorTypes() {
        return checkpoint.tensorTypes();
    }
}
