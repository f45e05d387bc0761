package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.Q8ActivationDot;
import org.tokenheatmap.engine.tensor.Q8Activations;

/**
 * {@code y = W x (+ b)} for a row-major weight {@code W[rows, cols]} and an optional bias {@code b[rows]} (null when
 * the layer has none), over a batch of rows.
 */
public record Linear(String name, FloatTensor weight, int rows, int cols, float[] bias) {

    /** Multiply-adds below which a parallel task costs more to hand over (~10 us) than to run. */
    private static final int MIN_WORK_PER_TASK = 1 << 16;
    /** From this batch size on, the tiled matrix-matrix kernel beats a fused dequantise-and-dot per position. */
    private static final int TILED_FROM_BATCH = 4;

    public Linear {
        if (weight.size() != (long) rows * cols) {
            throw new IllegalArgumentException(name + ": expected " + rows + "x" + cols + " = " + (long) rows * cols
                    + " elements, found " + weight.size());
        }
        if (bias != null && bias.length != rows) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " values for " + rows + " rows");
        }
    }

    /** Without a bias. */
    public Linear(String name, FloatTensor weight, int rows, int cols) {
        this(name, weight, rows, cols, null);
    }

    public long parameterCount() {
        return weight.size() + (bias == null ? 0 : bias.length);
    }

    /**
     * {@code out[t*rows + r] = W[r] . in[t*cols ..]} for {@code t < batch}. Parallel over output rows (whole tiles when
     * batched), batch innermost so a weight row is read from memory once per batch.
     */
    public void apply(float[] in, float[] out, int batch) {
        apply(in, null, out, batch);
    }

    /**
     * As {@link #apply(float[], float[], int)}, but when {@code quantized} (the same {@code batch} rows of {@code in}
     * quantised to Q8_0) is not null and {@link #takesQ8Activations()}, multiplies with it the way ggml's CPU backend
     * does ({@link Q8ActivationDot#dotQ8}); other weights (F32) ignore it and use the float input.
     */
    public void apply(float[] in, Q8Activations quantized, float[] out, int batch) {
        int unit = rowUnit(batch);
        Parallel.forRange(units(rows, unit), minUnits(unit, batch, cols), (from, to) -> computeRows(in, quantized, out,
                batch, from * unit, Math.min(to * unit, rows)));
    }

    /** Whether ggml's CPU backend would multiply this weight with Q8_0-quantised activations (its vec_dot_type). */
    public boolean takesQ8Activations() {
        return weight instanceof Q8ActivationDot && cols % Q8Activations.BLOCK == 0;
    }

    /**
     * {@code a} and {@code b} (same input width) over the same input in one parallel pass, saving a fork/join
     * round per pair (q/k/v, gate/up).
     */
    public static void applyBoth(float[] in, int batch, Linear a, float[] outA, Linear b, float[] outB) {
        applyBoth(in, null, batch, a, outA, b, outB);
    }

    /** {@link #applyBoth(float[], int, Linear, float[], Linear, float[])} with optional Q8_0 activations (see {@link #apply(float[], Q8Activations, float[], int)}). */
    public static void applyBoth(float[] in, Q8Activations quantized, int batch, Linear a, float[] outA, Linear b,
                                 float[] outB) {
        if (a.cols != b.cols) throw new IllegalArgumentException(a.name + " and " + b.name + " differ in input width");
        int unit = rowUnit(batch), unitsA = units(a.rows, unit);
        Parallel.forRange(unitsA + units(b.rows, unit), minUnits(unit, batch, a.cols), (from, to) -> {
            if (from < unitsA) a.computeRows(in, quantized, outA, batch, from * unit, Math.min(Math.min(to, unitsA) * unit, a.rows));
            if (to > unitsA) b.computeRows(in, quantized, outB, batch, (Math.max(from, unitsA) - unitsA) * unit,
                    Math.min((to - unitsA) * unit, b.rows));
        });
    }

    /** Rows per unit of parallel work: whole tiles for the batched kernel. */
    private static int rowUnit(int batch) {
        return batch >= TILED_FROM_BATCH ? TiledMatmul.ROWS : 1;
    }

    private static int units(int rows, int unit) {
        return (rows + unit - 1) / unit;
    }

    private static int minUnits(int unit, int batch, int cols) {
        long work = (long) unit * batch * cols;
        return (int) Math.max(1, MIN_WORK_PER_TASK / work);
    }

    private void computeRows(float[] in, Q8Activations quantized, float[] out, int batch, int from, int to) {
        multiplyRows(in, quantized, out, batch, from, to);
        if (bias == null) return;
        for (int t = 0; t < batch; t++) {
            for (int r = from; r < to; r++) out[t * rows + r] += bias[r];
        }
    }

    private void multiplyRows(float[] in, Q8Activations quantized, float[] out, int batch, int from, int to) {
        if (quantized != null && weight instanceof Q8ActivationDot q8 && takesQ8Activations()) {
            // Integer block sums per (row, position), as ggml does in decode and prefill alike; no float tiling.
            for (int r = from; r < to; r++) {
                long rowOffset = (long) r * cols;
                for (int t = 0; t < batch; t++) out[t * rows + r] = q8.dotQ8(rowOffset, quantized, t * cols, cols);
            }
            return;
        }
        if (batch >= TILED_FROM_BATCH) {
            TiledMatmul.multiply(weight, rows, cols, in, out, batch, from, to);
            return;
        }
        for (int r = from; r < to; r++) {
            long rowOffset = (long) r * cols;
            for (int t = 0; t < batch; t++) {
                out[t * rows + r] = weight.dot(rowOffset, in, t * cols, cols);
            }
        }
    }
}
