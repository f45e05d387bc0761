package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;

/**
 * 32-bit float weights, either mapped from a file (zero copy) or held on the heap ({@link #F32Tensor(float[])},
 * e.g. for llama2.c checkpoints).
 */
public final class F32Tensor extends FloatTensor {
    private final MemorySegment data;
    private final long size;

    /** Over {@code size} little-endian floats at the start of {@code data}. */
    public F32Tensor(MemorySegment data, long size) {
        if (data.byteSize() < size * Float.BYTES) throw new IllegalArgumentException("segment too small for " + size + " floats");
        this.data = data;
        this.size = size;
    }

    /** Over a heap array (not copied: later writes to {@code values} are visible). */
    public F32Tensor(float[] values) {
        this(MemorySegment.ofArray(values), values.length);
    }

    @Override
    public long size() { return size; }

    @Override
    public GgmlType type() { return GgmlType.F32; }

    @Override
    public MemorySegment data() { return data; }

    @Override
    public float getFloat(long index) {
        return data.get(VectorSupport.F32, index * Float.BYTES);
    }

    /** A bulk little-endian copy (the batched matmul copies every weight row once per prefill batch). */
    @Override
    public void copyRow(int row, int cols, float[] out) {
        MemorySegment.copy(data, VectorSupport.F32, (long) row * cols * Float.BYTES, out, 0, cols);
    }

    @Override
    public float dot(long thisOffset, float[] that, int thatOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(thisOffset, that, thatOffset, n) : dotElements(thisOffset, that, thatOffset, n);
    }

    private float dotVector(long thisOffset, float[] that, int thatOffset, int n) {
        var species = VectorSupport.F;
        int lanes = species.length();
        FloatVector acc0 = FloatVector.zero(species);
        FloatVector acc1 = FloatVector.zero(species);
        long base = thisOffset * Float.BYTES;
        int i = 0;
        // Two accumulators hide FMA latency; the loop is bound by memory bandwidth anyway.
        for (int upper = n - 2 * lanes; i <= upper; i += 2 * lanes) {
            acc0 = FloatVector.fromMemorySegment(species, data, base + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(species, that, thatOffset + i), acc0);
            acc1 = FloatVector.fromMemorySegment(species, data, base + (long) (i + lanes) * Float.BYTES, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(species, that, thatOffset + i + lanes), acc1);
        }
        return LaneSum.of(acc0.add(acc1))
                + dotElements(thisOffset + i, that, thatOffset + i, n - i);
    }
}
