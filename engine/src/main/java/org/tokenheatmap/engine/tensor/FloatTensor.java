package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;

/**
 * A read-only tensor of weights, stored in some (possibly quantised) encoding and read as floats.
 * Subclasses exist per storage type (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K) and override
 * {@link #dot} with a fused dequantise-and-multiply kernel; everything else builds on it.
 */
public abstract sealed class FloatTensor permits F32Tensor, F16Tensor, BF16Tensor, BlockTensor {

    /** Number of elements. */
    public abstract long size();

    /** The storage type. */
    public abstract GgmlType type();

    /** The encoded bytes (a view of the mapped file for file-backed tensors). */
    public abstract MemorySegment data();

    /**
     * Rows {@code [from, to)} of a row-major {@code [*, cols]} matrix as a tensor of the same type over the same bytes
     * (no copy): how fused projections (GPT-2's {@code c_attn}, Phi-3's {@code qkv_proj}) are split.
     */
    public FloatTensor rows(long from, long to, int cols) {
        long first = Math.multiplyExact(from, cols), count = Math.multiplyExact(to - from, cols);
        if (from < 0 || to < from || first + count > size()) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " of width " + cols + " outside " + size() + " elements");
        }
        GgmlType t = type();
        if (first % t.blockSize() != 0 || count % t.blockSize() != 0) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " do not start and end on " + t + " blocks");
        }
        return FloatTensors.of(t, data().asSlice(t.byteSize(first), t.byteSize(count)), count);
    }

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
