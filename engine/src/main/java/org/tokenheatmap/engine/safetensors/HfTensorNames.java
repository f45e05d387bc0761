package org.tokenheatmap.engine.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tokenheatmap.engine.model.LlamaConfig;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.formats.BadInputException;

/** Maps Hugging Face Llama tensor names and shapes onto GGUF names, permuting q/k rows for interleaved RoPE. */
final class HfTensorNames {

    private final Path directory;
    private final HfLlamaConfig hf;
    private final Map<String, SafetensorsTensor> source;
    private final Arena arena;
    private final Map<String, FloatTensor> out = new LinkedHashMap<>();

    HfTensorNames(Path directory, HfLlamaConfig hf, Map<String, SafetensorsTensor> source, Arena arena) {
        this.directory = directory;
        this.hf = hf;
        this.source = source;
        this.arena = arena;
    }

    Map<String, FloatTensor> map() {
        LlamaConfig c = hf.llama();
        int dim = c.dim(), kv = c.kvDim(), hidden = c.hiddenDim();
        put("token_embd.weight", "model.embed_tokens.weight", c.vocabSize(), dim);
        put("output_norm.weight", "model.norm.weight", dim);
        // A tied model may still ship lm_head.weight (a copy); transformers ignores it, and so do we.
        if (!hf.tiedEmbeddings()) put("output.weight", "lm_head.weight", c.vocabSize(), dim);
        for (int l = 0; l < c.nLayers(); l++) {
            String hfLayer = "model.layers." + l + ".", blk = "blk." + l + ".";
            putRopePermuted(blk + "attn_q.weight", hfLayer + "self_attn.q_proj.weight", c.nHeads(), dim);
            putRopePermuted(blk + "attn_k.weight", hfLayer + "self_attn.k_proj.weight", c.nKvHeads(), dim);
            put(blk + "attn_v.weight", hfLayer + "self_attn.v_proj.weight", kv, dim);
            put(blk + "attn_output.weight", hfLayer + "self_attn.o_proj.weight", dim, dim);
            put(blk + "ffn_gate.weight", hfLayer + "mlp.gate_proj.weight", hidden, dim);
            put(blk + "ffn_up.weight", hfLayer + "mlp.up_proj.weight", hidden, dim);
            put(blk + "ffn_down.weight", hfLayer + "mlp.down_proj.weight", dim, hidden);
            put(blk + "attn_norm.weight", hfLayer + "input_layernorm.weight", dim);
            put(blk + "ffn_norm.weight", hfLayer + "post_attention_layernorm.weight", dim);
        }
        return Map.copyOf(out);
    }

    private void put(String ggufName, String hfName, long... shape) {
        out.put(ggufName, require(hfName, shape).toFloatTensor());
    }

    private SafetensorsTensor require(String hfName, long... shape) {
        SafetensorsTensor t = source.get(hfName);
        if (t == null) throw new BadInputException(directory, "tensor " + hfName, "missing");
        if (!Arrays.equals(t.shape(), shape)) {
            throw new BadInputException(directory, "tensor " + hfName, "shape " + Arrays.toString(t.shape())
                    + " does not match config.json, expected " + Arrays.toString(shape));
        }
        return t;
    }

    /** Copies the rows of a q/k projection from per-head halves order into interleaved pair order (see class doc). */
    private void putRopePermuted(String ggufName, String hfName, int heads, int cols) {
        int headDim = hf.llama().headDim(), half = headDim / 2;
        SafetensorsTensor t = require(hfName, (long) heads * headDim, cols);
        long rowBytes = (long) cols * t.dtype().bytes();
        MemorySegment copy = arena.allocate(t.data().byteSize(), 8);
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    long to = (long) h * headDim + 2L * i + j, from = (long) h * headDim + (long) j * half + i;
                    MemorySegment.copy(t.data(), from * rowBytes, copy, to * rowBytes, rowBytes);
                }
            }
        }
        out.put(ggufName, FloatTensors.of(t.dtype().ggml(), copy, t.elements()));
    }
}
