package org.tokenheatmap.engine.model;

/** Activation buffers for one session, sized once for the largest batch so that a pass allocates nothing. */
final class LlamaScratch {

    final int maxBatch;
    final Numerics numerics;
    final MatmulInputs inputs;
    final float[] x, xb, q, k, v, z, attnOut, gated, up, mlpOut, att, cos, sin, embeddingRow, logits;

    LlamaScratch(LlamaConfig c, int maxBatch, int capacity, Numerics numerics) {
        this.maxBatch = maxBatch;
        this.numerics = numerics;
        inputs = MatmulInputs.of(numerics, maxBatch, Math.max(c.dim(), c.hiddenDim()));
        x = new float[maxBatch * c.dim()];
        xb = new float[maxBatch * c.dim()];
        q = new float[maxBatch * c.dim()];
        k = new float[maxBatch * c.kvDim()];
        v = new float[maxBatch * c.kvDim()];
        z = new float[maxBatch * c.dim()];
        attnOut = new float[maxBatch * c.dim()];
        gated = new float[maxBatch * c.hiddenDim()];
        up = new float[maxBatch * c.hiddenDim()];
        mlpOut = new float[maxBatch * c.dim()];
        att = new float[c.nHeads() * capacity];
        cos = new float[c.ropeDim() / 2];
        sin = new float[c.ropeDim() / 2];
        embeddingRow = new float[c.dim()];
        logits = new float[maxBatch * c.vocabSize()];
    }
}
