package org.tokenheatmap.engine.model;

import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * All weights of a Llama-family model, checked against the config. Tensor names follow GGUF; a missing
 * {@code output.weight} means the classifier is tied to the token embedding.
 */
public record LlamaWeights(FloatTensor tokenEmbedding, List<Block> blocks, RmsNorm outputNorm, Linear output,
                           boolean tiedOutput) {

    /** One transformer block. */
    public record Block(RmsNorm attentionNorm, GroupedQueryAttention attention, RmsNorm mlpNorm, SwiGluMlp mlp) {}

    public static LlamaWeights load(LlamaConfig c, TensorSource source) {
        FloatTensor embedding = require(source, "token_embd.weight", (long) c.vocabSize() * c.dim());
        List<Block> blocks = new ArrayList<>(c.nLayers());
        for (int l = 0; l < c.nLayers(); l++) {
            String p = "blk." + l + ".";
            RmsNorm attnNorm = norm(source, p + "attn_norm.weight", c);
            Linear wq = linear(source, p + "attn_q.weight", c.dim(), c.dim());
            Linear wk = linear(source, p + "attn_k.weight", c.kvDim(), c.dim());
            Linear wv = linear(source, p + "attn_v.weight", c.kvDim(), c.dim());
            Linear wo = linear(source, p + "attn_output.weight", c.dim(), c.dim());
            RmsNorm ffnNorm = norm(source, p + "ffn_norm.weight", c);
            Linear gate = linear(source, p + "ffn_gate.weight", c.hiddenDim(), c.dim());
            Linear up = linear(source, p + "ffn_up.weight", c.hiddenDim(), c.dim());
            Linear down = linear(source, p + "ffn_down.weight", c.dim(), c.hiddenDim());
            blocks.add(new Block(attnNorm, new GroupedQueryAttention(c, wq, wk, wv, wo), ffnNorm, new SwiGluMlp(gate, up, down)));
        }
        RmsNorm outputNorm = norm(source, "output_norm.weight", c);
        boolean tied = source.find("output.weight").isEmpty();
        Linear output = tied ? new Linear("token_embd.weight", embedding, c.vocabSize(), c.dim())
                : linear(source, "output.weight", c.vocabSize(), c.dim());
        return new LlamaWeights(embedding, List.copyOf(blocks), outputNorm, output, tied);
    }

    private static FloatTensor require(TensorSource source, String name, long elements) {
        FloatTensor t = source.find(name)
                .orElseThrow(() -> new BadInputException(source.file(), "tensor " + name, "missing"));
        if (t.size() != elements) {
            throw new BadInputException(source.file(), "tensor " + name,
                    "has " + t.size() + " elements, the model's dimensions need " + elements);
        }
        return t;
    }

    private static Linear linear(TensorSource source, String name, int rows, int cols) {
        return new Linear(name, require(source, name, (long) rows * cols), rows, cols);
    }

    private static RmsNorm norm(TensorSource source, String name, LlamaConfig c) {
        FloatTensor t = require(source, name, c.dim());
        float[] gain = new float[c.dim()];
        t.copyRow(0, c.dim(), gain);
        return new RmsNorm(gain, c.rmsEps());
    }

    public long parameterCount() {
        long n = tokenEmbedding.size() + outputNorm.gain().length + (tiedOutput ? 0 : output.weight().size());
        for (Block b : blocks) {
            GroupedQueryAttention a = b.attention();
            n += b.attentionNorm().gain().length + b.mlpNorm().gain().length;
            n += a.wq().weight().size() + a.wk().weight().size() + a.wv().weight().size() + a.wo().weight().size();
            n += b.mlp().gate().weight().size() + b.mlp().up().weight().size() + b.mlp().down().weight().size();
        }
        return n;
    }
}
