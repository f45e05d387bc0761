package org.tokenheatmap.engine.decoder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.LaneSum;

/**
 * Prefill's matrix-matrix product {@code out[t*rows + r] = W[r] . in[t*cols ..]}: weight rows are dequantised
 * {@link #ROWS} at a time into a per-thread buffer (each row is read from the mapped file once per batch), then a
 * register-blocked kernel multiplies 4 rows with 4 positions at once. Every loaded weight vector feeds 4 FMAs and every
 * activation vector 4 more, where a dot per (row, position) loads two vectors per FMA and is bound by loads.
 */
final class TiledMatmul {
    /** Rows per tile; also the row granularity callers should split work at. */
    static final int ROWS = 4;
    private static final int POSITIONS = 4;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ThreadLocal<float[][]> TILE = ThreadLocal.withInitial(() -> new float[ROWS][0]);

    private TiledMatmul() {}

    /** Rows {@code [from, to)} of the product for {@code batch} positions. */
    static void multiply(FloatTensor weight, int rows, int cols, float[] in, float[] out, int batch, int from, int to) {
        float[][] tile = tile(cols);
        for (int r0 = from; r0 < to; r0 += ROWS) {
            int tileRows = Math.min(ROWS, to - r0);
            for (int i = 0; i < tileRows; i++) weight.copyRow(r0 + i, cols, tile[i]);
            int t = 0;
            if (tileRows == ROWS) {
                for (; t + POSITIONS <= batch; t += POSITIONS) kernel4x4(tile, cols, in, t, out, rows, r0);
            }
            for (; t < batch; t++) {
                for (int i = 0; i < tileRows; i++) out[t * rows + r0 + i] = VectorMath.dot(tile[i], 0, in, t * cols, cols);
            }
        }
    }

    /** Positions {@code t0..t0+3} times rows {@code r0..r0+3}; sixteen accumulators stay in vector registers. */
    private static void kernel4x4(float[][] tile, int cols, float[] in, int t0, float[] out, int rows, int r0) {
        float[] w0 = tile[0], w1 = tile[1], w2 = tile[2], w3 = tile[3];
        int x0 = t0 * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int k = 0;
        for (int upper = F.loopBound(cols); k < upper; k += F.length()) {
            FloatVector v0 = FloatVector.fromArray(F, in, x0 + k), v1 = FloatVector.fromArray(F, in, x1 + k);
            FloatVector v2 = FloatVector.fromArray(F, in, x2 + k), v3 = FloatVector.fromArray(F, in, x3 + k);
            FloatVector w = FloatVector.fromArray(F, w0, k);
            a00 = w.fma(v0, a00); a01 = w.fma(v1, a01); a02 = w.fma(v2, a02); a03 = w.fma(v3, a03);
            w = FloatVector.fromArray(F, w1, k);
            a10 = w.fma(v0, a10); a11 = w.fma(v1, a11); a12 = w.fma(v2, a12); a13 = w.fma(v3, a13);
            w = FloatVector.fromArray(F, w2, k);
            a20 = w.fma(v0, a20); a21 = w.fma(v1, a21); a22 = w.fma(v2, a22); a23 = w.fma(v3, a23);
            w = FloatVector.fromArray(F, w3, k);
            a30 = w.fma(v0, a30); a31 = w.fma(v1, a31); a32 = w.fma(v2, a32); a33 = w.fma(v3, a33);
        }
        int o0 = t0 * rows + r0, o1 = o0 + rows, o2 = o1 + rows, o3 = o2 + rows;
        out[o0] = finish(a00, w0, in, x0, k, cols); out[o1] = finish(a01, w0, in, x1, k, cols);
        out[o2] = finish(a02, w0, in, x2, k, cols); out[o3] = finish(a03, w0, in, x3, k, cols);
        out[o0 + 1] = finish(a10, w1, in, x0, k, cols); out[o1 + 1] = finish(a11, w1, in, x1, k, cols);
        out[o2 + 1] = finish(a12, w1, in, x2, k, cols); out[o3 + 1] = finish(a13, w1, in, x3, k, cols);
        out[o0 + 2] = finish(a20, w2, in, x0, k, cols); out[o1 + 2] = finish(a21, w2, in, x1, k, cols);
        out[o2 + 2] = finish(a22, w2, in, x2, k, cols); out[o3 + 2] = finish(a23, w2, in, x3, k, cols);
        out[o0 + 3] = finish(a30, w3, in, x0, k, cols); out[o1 + 3] = finish(a31, w3, in, x1, k, cols);
        out[o2 + 3] = finish(a32, w3, in, x2, k, cols); out[o3 + 3] = finish(a33, w3, in, x3, k, cols);
    }

    /** Lane sum plus the scalar tail {@code [k, cols)} for row lengths that are not a multiple of the vector length. */
    private static float finish(FloatVector acc, float[] w, float[] in, int x, int k, int cols) {
        float sum = LaneSum.of(acc);
        for (; k < cols; k++) sum += w[k] * in[x + k];
        return sum;
    }

    private static float[][] tile(int cols) {
        float[][] tile = TILE.get();
        if (tile[0].length < cols) {
            for (int i = 0; i < ROWS; i++) tile[i] = new float[cols];
        }
        return tile;
    }
}
