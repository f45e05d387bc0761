package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The K-quants (Q4_K, Q5_K, Q6_K): 256-value super-blocks with 16 sub-block scales. A dot is the sum of per-super-block
 * dots, each of which decodes its scales into {@code scales} before any vector is live (C2 boxes a vector that is live
 * across scalar code it does not inline).
 */
public abstract sealed class KQuantTensor extends BlockTensor permits Q4KTensor, Q5KTensor, Q6KTensor {
    public static final int BLOCK = 256;

    KQuantTensor(GgmlType type, MemorySegment data, long size) {
        super(type, data, size);
    }

    @Override
    protected final float dotVector(long thisOffset, float[] that, int thatOffset, int n) {
        float[] scales = new float[16];
        float sum = 0;
        long firstBlock = thisOffset / BLOCK;
        for (int i = 0; i < n; i += BLOCK) sum += blockDot(blockOffset(firstBlock + i / BLOCK), that, thatOffset + i, scales);
        return sum;
    }

    /** The super-block at byte {@code at} times {@code x[x0 .. x0+256)}; {@code scales} is scratch for 16 floats. */
    abstract float blockDot(long at, float[] x, int x0, float[] scales);
}
