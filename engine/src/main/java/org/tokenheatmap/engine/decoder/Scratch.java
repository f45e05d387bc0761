package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.Numerics;

/** Activation buffers for one session, sized once for the largest batch so that a pass allocates nothing. */
final class Scratch {

    final int maxBatch;
    final Numerics numerics;
    final MatmulInputs inputs;
    /** Residual stream and normalised input, {@code [batch, dim]}. */
    final float[] x, xb;
    /** Queries and attention-weighted values {@code [batch, heads * headDim]}; keys and values {@code [batch, kvDim]}. */
    final float[] q, k, v, z;
    /** What attention and the MLP add to the residual stream, {@code [batch, dim]}. */
    final float[] attnOut, mlpOut;
    /** MLP pre-activations, then the neurons; the gated MLP's up projection. {@code [batch, ffn]}. */
    final float[] neurons, up;
    /** One query's attention row per head, {@code [heads, capacity]}. */
    final float[] att;
    final float[] cos, sin, embeddingRow, logits;

    Scratch(DecoderConfig c, int maxBatch, int capacity, Numerics numerics) {
        this.maxBatch = maxBatch;
        this.numerics = numerics;
        inputs = MatmulInputs.of(numerics, maxBatch, Math.max(Math.max(c.dim(), c.ffnDim()), c.qDim()));
        x = new float[maxBatch * c.dim()];
        xb = new float[maxBatch * c.dim()];
        q = new float[maxBatch * c.qDim()];
        k = new float[maxBatch * c.kvDim()];
        v = new float[maxBatch * c.kvDim()];
        z = new float[maxBatch * c.qDim()];
        attnOut = new float[maxBatch * c.dim()];
        neurons = new float[maxBatch * c.ffnDim()];
        up = new float[maxBatch * c.ffnDim()];
        mlpOut = new float[maxBatch * c.dim()];
        att = new float[Math.multiplyExact(c.heads(), capacity)];
        cos = new float[Math.max(1, c.rotaryDim() / 2)];
        sin = new float[Math.max(1, c.rotaryDim() / 2)];
        embeddingRow = new float[c.dim()];
        logits = new float[Math.multiplyExact(maxBatch, c.vocabSize())];
    }
}
