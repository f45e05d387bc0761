package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.tensor.FloatTensor;

/** {@code y = W x} for a row-major weight {@code W[rows, cols]} (no bias in the Llama family), over a batch of rows. */
public record Linear(String name, FloatTensor weight, int rows, int cols) {

    private static final int MIN_ROWS_PER_TASK = 16;

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
        Parallel.forRange(rows, MIN_ROWS_PER_TASK, (from, to) -> {
            for (int r = from; r < to; r++) {
                long rowOffset = (long) r * cols;
                for (int t = 0; t < batch; t++) {
                    out[t * rows + r] = weight.dot(rowOffset, in, t * cols, cols);
                }
            }
        });
    }
}
