package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.tensor.F32Tensor;
import org.tokenheatmap.engine.tensor.FloatTensor;

/** {@code y = W x} for a row-major weight {@code W[rows, cols]} (no bias in the Llama family), over a batch of rows. */
public record Linear(String name, FloatTensor weight, int rows, int cols) {

    private static final int MIN_ROWS_PER_TASK = 16;
    /** From this batch size on, dequantising a row once beats a fused dequantise-and-dot per position. */
    private static final int DEQUANTIZE_FROM_BATCH = 4;
    private static final ThreadLocal<float[]> ROW_BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    public Linear {
        if (weight.size() != (long) rows * cols) {
            throw new IllegalArgumentException(name + ": expected " + rows + "x" + cols + " = " + (long) rows * cols
                    + " elements, found " + weight.size());
        }
    }

    /**
     * {@code out[t*rows + r] = W[r] . in[t*cols ..]} for {@code t < batch}. Parallel over output rows, batch innermost so a
     * weight row is read from memory once per batch.
     */
    public void apply(float[] in, float[] out, int batch) {
        Parallel.forRange(rows, MIN_ROWS_PER_TASK, (from, to) -> computeRows(in, out, batch, from, to));
    }

    /**
     * {@code a} and {@code b} (same input width) over the same input in one parallel pass, saving a fork/join
     * round per pair (q/k/v, gate/up) on the decode path.
     */
    public static void applyBoth(float[] in, int batch, Linear a, float[] outA, Linear b, float[] outB) {
        if (a.cols != b.cols) throw new IllegalArgumentException(a.name + " and " + b.name + " differ in input width");
        Parallel.forRange(a.rows + b.rows, MIN_ROWS_PER_TASK, (from, to) -> {
            if (from < a.rows) a.computeRows(in, outA, batch, from, Math.min(to, a.rows));
            if (to > a.rows) b.computeRows(in, outB, batch, Math.max(from, a.rows) - a.rows, to - a.rows);
        });
    }

    private void computeRows(float[] in, float[] out, int batch, int from, int to) {
        if (batch >= DEQUANTIZE_FROM_BATCH && !(weight instanceof F32Tensor)) {
            // Prefill: decode each quantised row once, then reuse it from L1 for every position of the batch.
            float[] row = rowBuffer(cols);
            for (int r = from; r < to; r++) {
                weight.copyRow(r, cols, row);
                for (int t = 0; t < batch; t++) out[t * rows + r] = VectorMath.dot(row, 0, in, t * cols, cols);
            }
            return;
        }
        for (int r = from; r < to; r++) {
            long rowOffset = (long) r * cols;
            for (int t = 0; t < batch; t++) {
                out[t * rows + r] = weight.dot(rowOffset, in, t * cols, cols);
            }
        }
    }

    private static float[] rowBuffer(int cols) {
        float[] row = ROW_BUFFER.get();
        if (row.length < cols) {
            row = new float[cols];
            ROW_BUFFER.set(row);
        }
        return row;
    }
}
