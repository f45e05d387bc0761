package org.tokenheatmap.engine.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.formats.BadInputException;

/**
 * All weights of a decoder, read from the canonical layout (llama.cpp's GGUF tensor names, {@code [rows, cols]}
 * shapes) and checked against the configuration: every tensor the configuration needs must be there with exactly
 * the shape it needs. Biases are optional everywhere, as in llama.cpp. A fused {@code attn_qkv} is split into q, k
 * and v (row views, no copy). A missing {@code output.weight} ties the classifier to the token embedding.
 *
 * @param positionEmbedding {@code [contextLength, dim]}, or null without learned positions
 */
public record DecoderWeights(FloatTensor tokenEmbedding, FloatTensor positionEmbedding, List<Block> blocks,
                             Norm outputNorm, Linear output, boolean tiedOutput) {

    /**
     * One transformer block.
     *
     * @param postAttentionNorm null unless the family normalises the attention output (Gemma)
     * @param postMlpNorm       null unless the family normalises the MLP output (Gemma)
     */
    public record Block(Norm attentionNorm, Attention attention, Norm postAttentionNorm, Norm mlpNorm, Mlp mlp,
                        Norm postMlpNorm) {}

    public static DecoderWeights load(DecoderConfig c, TensorSource source) {
        return new Loader(c, source).load();
    }

    public long parameterCount() {
        long n = tokenEmbedding.size() + outputNorm.parameterCount() + (tiedOutput ? 0 : output.parameterCount());
        if (positionEmbedding != null) n += positionEmbedding.size();
        for (Block b : blocks) {
            n += b.attentionNorm().parameterCount() + b.attention().parameterCount() + b.mlpNorm().parameterCount()
                    + b.mlp().parameterCount();
            if (b.postAttentionNorm() != null) n += b.postAttentionNorm().parameterCount();
            if (b.postMlpNorm() != null) n += b.postMlpNorm().parameterCount();
        }
        return n;
    }

    private record Loader(DecoderConfig c, TensorSource source) {

        DecoderWeights load() {
            FloatTensor embedding = require("token_embd.weight", c.vocabSize(), c.dim());
            FloatTensor positions = c.learnedPositions() ? require("position_embd.weight", c.contextLength(), c.dim()) : null;
            List<Block> blocks = new ArrayList<>(c.layers());
            for (int l = 0; l < c.layers(); l++) blocks.add(block(l));
            Norm outputNorm = norm("output_norm", c.dim());
            Optional<WeightTensor> separate = source.find("output.weight");
            Linear output = separate.isPresent()
                    ? linear("output", c.vocabSize(), c.dim())
                    : new Linear("token_embd.weight", embedding, c.vocabSize(), c.dim(), bias("output.bias", c.vocabSize()));
            return new DecoderWeights(embedding, positions, List.copyOf(blocks), outputNorm, output, separate.isEmpty());
        }

        private Block block(int l) {
            String p = "blk." + l + ".";
            int dim = c.dim(), qDim = c.qDim(), kvDim = c.kvDim(), ffn = c.ffnDim();
            Linear wq, wk, wv;
            if (source.find(p + "attn_qkv.weight").isPresent()) {
                FloatTensor qkv = require(p + "attn_qkv.weight", qDim + 2L * kvDim, dim);
                float[] bias = bias(p + "attn_qkv.bias", qDim + 2 * kvDim);
                wq = new Linear(p + "attn_qkv.weight[q]", qkv.rows(0, qDim, dim), qDim, dim, slice(bias, 0, qDim));
                wk = new Linear(p + "attn_qkv.weight[k]", qkv.rows(qDim, qDim + kvDim, dim), kvDim, dim, slice(bias, qDim, kvDim));
                wv = new Linear(p + "attn_qkv.weight[v]", qkv.rows(qDim + kvDim, qDim + 2L * kvDim, dim), kvDim, dim,
                        slice(bias, qDim + kvDim, kvDim));
            } else {
                wq = linear(p + "attn_q", qDim, dim);
                wk = linear(p + "attn_k", kvDim, dim);
                wv = linear(p + "attn_v", kvDim, dim);
            }
            Linear wo = linear(p + "attn_output", dim, qDim);
            RmsNorm qNorm = c.qkNorm() ? rmsNorm(p + "attn_q_norm", c.headDim()) : null;
            RmsNorm kNorm = c.qkNorm() ? rmsNorm(p + "attn_k_norm", c.headDim()) : null;
            Attention attention = new Attention(c, l, wq, wk, wv, wo, qNorm, kNorm);
            Linear gate = c.mlp() == MlpKind.GATED ? linear(p + "ffn_gate", ffn, dim) : null;
            Mlp mlp = new Mlp(gate, linear(p + "ffn_up", ffn, dim), linear(p + "ffn_down", dim, ffn), c.activation());
            return new Block(norm(p + "attn_norm", dim), attention,
                    c.postAttentionNorm() ? norm(p + "post_attention_norm", dim) : null, norm(p + "ffn_norm", dim), mlp,
                    c.postMlpNorm() ? norm(p + "post_ffw_norm", dim) : null);
        }

        private FloatTensor require(String name, long... shape) {
            WeightTensor t = source.find(name)
                    .orElseThrow(() -> new BadInputException(source.file(), "tensor " + name, "missing"));
            if (!t.hasShape(shape)) {
                throw new BadInputException(source.file(), "tensor " + name, "has shape " + t.shapeText()
                        + ", the model's configuration needs " + java.util.Arrays.toString(shape));
            }
            return t.values();
        }

        /** {@code name.weight} {@code [rows, cols]} with its optional {@code name.bias}. */
        private Linear linear(String name, int rows, int cols) {
            return new Linear(name + ".weight", require(name + ".weight", rows, cols), rows, cols, bias(name + ".bias", rows));
        }

        private float[] bias(String name, int length) {
            return source.find(name).isPresent() ? vector(name, length) : null;
        }

        private Norm norm(String name, int width) {
            return c.norm() == NormKind.RMS ? rmsNorm(name, width)
                    : new LayerNorm(vector(name + ".weight", width), vector(name + ".bias", width), c.normEps());
        }

        private RmsNorm rmsNorm(String name, int width) {
            return new RmsNorm(vector(name + ".weight", width), c.normEps());
        }

        private float[] vector(String name, int length) {
            FloatTensor t = require(name, length);
            float[] values = new float[length];
            t.copyRow(0, length, values);
            for (int i = 0; i < length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new BadInputException(source.file(), "tensor " + name, "element " + i + " is " + values[i]);
                }
            }
            return values;
        }

        private static float[] slice(float[] values, int from, int length) {
            return values == null ? null : java.util.Arrays.copyOfRange(values, from, from + length);
        }
    }
}
