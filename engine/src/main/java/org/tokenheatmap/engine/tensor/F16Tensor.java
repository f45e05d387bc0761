package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision weights. Not a hot path in our models (norms at most), so the dot is scalar. */
public final class F16Tensor extends FloatTensor {
    private final MemorySegment data;
    private final long size;

    public F16Tensor(MemorySegment data, long size) {
        if (data.byteSize() < size * 2) throw new IllegalArgumentException("segment too small for " + size + " halves");
        this.data = data;
        this.size = size;
    }

    @Override
    public long size() { return size; }

    @Override
    public float getFloat(long index) {
        return VectorSupport.f16(data, index * 2);
    }

    @Override
    public float dot(long thisOffset, float[] that, int thatOffset, int n) {
        return dotElements(thisOffset, that, thatOffset, n);
    }
}
