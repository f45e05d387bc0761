package org.tokenheatmap.engine.tensor;

import java.util.stream.IntStream;

/**
 * A read-only tensor of weights, stored in some (possibly quantised) encoding and read as floats.
 * Subclasses exist per storage type (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K) and override
 * {@link #dot} with a fused dequantise-and-multiply kernel; everything else builds on it.
 */
public abstract sealed class FloatTensor permits F32Tensor, F16Tensor, BF16Tensor, BlockTensor {

    /** Number of elements. */
    public abstract long size();

    /** One element, dequantised. Slow path: used for embedding lookups and tests. */
    public abstract float getFloat(long index);

    /**
     * {@code sum_i this[thisOffset + i] * that[thatOffset + i]} for i in [0, n).
     * For block-quantised types {@code thisOffset} and {@code n} are multiples of the block size.
     */
    public abstract float dot(long thisOffset, float[] that, int thatOffset, int n);

    /**
     * {@code sum this[thisOffset + i] * that[thatOffset + i]} through {@link #getFloat}, in index order: the scalar path
     * of the element-wise types (F32, F16, BF16) and the tail of their vector kernels.
     */
    final float dotElements(long thisOffset, float[] that, int thatOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) sum += getFloat(thisOffset + i) * that[thatOffset + i];
        return sum;
    }

    /** {@code out[r] = row(r) . x} for a row-major [rows, cols] matrix, rows computed in parallel. */
    public void matmul(float[] x, float[] out, int rows, int cols) {
        IntStream.range(0, rows).parallel().forEach(r -> out[r] = dot((long) r * cols, x, 0, cols));
    }

    /** Copies row {@code row} of a row-major [*, cols] matrix into {@code out} (dequantising). */
    public void copyRow(int row, int cols, float[] out) {
        long base = (long) row * cols;
        for (int i = 0; i < cols; i++) out[i] = getFloat(base + i);
    }
}
