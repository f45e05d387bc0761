package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/** GGML Q8_0: blocks of 32 values = fp16 scale d, then 32 int8 quants; value = d * q. */
public final class Q8_0Tensor extends BlockTensor implements Q8ActivationDot {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 34;

    public Q8_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q8_0, data, size);
    }

    @Override
    public void dequantizeBlock(long block, float[] out, int off) {
        long at = blockOffset(block);
        float d = VectorSupport.f16(data, at);
        for (int j = 0; j < BLOCK; j++) out[off + j] = d * VectorSupport.i8(data, at + 2 + j);
    }

    /** Vectorised {@link #dequantizeBlock} over a row (same products d*q): prefill dequantises every row per batch. */
    @Override
    public void copyRow(int row, int cols, float[] out) {
        if (!VectorSupport.ENABLED) {
            super.copyRow(row, cols, out);
            return;
        }
        var f = VectorSupport.F;
        long firstBlock = (long) row * cols / BLOCK;
        for (int b = 0; b < cols / BLOCK; b++) {
            long at = blockOffset(firstBlock + b);
            FloatVector d = FloatVector.broadcast(f, VectorSupport.f16(data, at));
            for (int j = 0; j < BLOCK; j += f.length()) {
                quants(at + 2 + j).mul(d).intoArray(out, b * BLOCK + j);
            }
        }
    }

    /** One float vector's worth of int8 quants at byte {@code offset}, as floats. */
    private FloatVector quants(long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(VectorSupport.B, data, offset, ByteOrder.LITTLE_ENDIAN)
                .castShape(VectorSupport.F, 0);
    }

    /**
     * Two blocks per step into two accumulators, so consecutive blocks' loads and FMA chains overlap (decode is a
     * stream of these dots over the whole model); within a block q*x is summed first and scaled by d once.
     */
    @Override
    protected float dotVector(long thisOffset, float[] that, int thatOffset, int n) {
        var f = VectorSupport.F;
        FloatVector acc0 = FloatVector.zero(f), acc1 = acc0;
        long at = blockOffset(thisOffset / BLOCK);
        int i = 0;
        for (; i + 2 * BLOCK <= n; i += 2 * BLOCK, at += 2 * BLOCK_BYTES) {
            acc0 = blockSum(at, that, thatOffset + i).fma(FloatVector.broadcast(f, VectorSupport.f16(data, at)), acc0);
            long next = at + BLOCK_BYTES;
            acc1 = blockSum(next, that, thatOffset + i + BLOCK).fma(FloatVector.broadcast(f, VectorSupport.f16(data, next)), acc1);
        }
        if (i < n) acc0 = blockSum(at, that, thatOffset + i).fma(FloatVector.broadcast(f, VectorSupport.f16(data, at)), acc0);
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** Lane-wise sum of q*x over the block at byte {@code at}, unscaled. */
    private FloatVector blockSum(long at, float[] x, int x0) {
        var f = VectorSupport.F;
        FloatVector sum = quants(at + 2).mul(FloatVector.fromArray(f, x, x0));
        for (int j = f.length(); j < BLOCK; j += f.length()) sum = quants(at + 2 + j).fma(FloatVector.fromArray(f, x, x0 + j), sum);
        return sum;
    }

    @Override
    public float dotQ8(long thisOffset, Q8Activations x, int xOffset, int n) {
        if (!VectorSupport.ENABLED) return dotQ8Scalar(thisOffset, x, xOffset, n);
        var f = VectorSupport.F;
        int lanes = f.length();
        FloatVector acc = FloatVector.zero(f);
        long firstBlock = thisOffset / BLOCK;
        for (int i = 0; i < n; i += BLOCK) {
            long at = blockOffset(firstBlock + i / BLOCK);
            IntVector sum = IntVector.zero(VectorSupport.I);
            for (int j = 0; j < BLOCK; j += lanes) {
                sum = sum.add(VectorSupport.signedBytes(data, at + 2 + j).mul(VectorSupport.signedBytes(x.quants(), xOffset + i + j)));
            }
            float scale = VectorSupport.f16(data, at) * x.scales()[(xOffset + i) / BLOCK];
            acc = VectorSupport.toFloat(sum).fma(FloatVector.broadcast(f, scale), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    float dotQ8Scalar(long thisOffset, Q8Activations x, int xOffset, int n) {
        float sum = 0;
        long firstBlock = thisOffset / BLOCK;
        for (int i = 0; i < n; i += BLOCK) {
            long at = blockOffset(firstBlock + i / BLOCK);
            int isum = 0;
            for (int j = 0; j < BLOCK; j++) isum += VectorSupport.i8(data, at + 2 + j) * x.quants()[xOffset + i + j];
            sum += VectorSupport.f16(data, at) * x.scales()[(xOffset + i) / BLOCK] * isum;
        }
        return sum;
    }
}
