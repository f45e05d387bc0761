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
        long at = (long) row * cols / BLOCK * BLOCK_BYTES;
        for (int b = 0; b < cols; b += BLOCK, at += BLOCK_BYTES) {
            FloatVector d = FloatVector.broadcast(f, Float.float16ToFloat(data.get(VectorSupport.I16, at)));
            for (int j = 0; j < BLOCK; j += f.length()) {
                ((FloatVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(f, 0)).mul(d).intoArray(out, b + j);
            }
        }
    }

    /*
     * The kernels below call only Vector API and MemorySegment methods (force-inlined by the JDK) and intrinsics, no
     * helper of ours: when a kernel is inlined into a caller compiled while this type's profile was still young (a
     * model mixing Q8_0 and Q4_0 tensors), C2 refuses to inline "low frequency" helpers, and a vector returned from a
     * call is boxed: 50x slower, measured with ./bench.sh dot after another type had run. The one exception is the
     * final LaneSum.of per dot product (a float comes back; at worst one vector is boxed per row, never per block),
     * which makes the result the same whether the kernel runs interpreted or compiled.
     */

    @Override
    protected float dotVector(long thisOffset, float[] that, int thatOffset, int n) {
        var f = VectorSupport.F;
        int lanes = f.length();
        FloatVector acc = FloatVector.zero(f);
        long at = thisOffset / BLOCK * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK, at += BLOCK_BYTES) {
            // Sum q*x within the block, then scale once by d.
            FloatVector blockSum = FloatVector.zero(f);
            for (int j = 0; j < BLOCK; j += lanes) {
                FloatVector q = (FloatVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(f, 0);
                blockSum = q.fma(FloatVector.fromArray(f, that, thatOffset + i + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(f, Float.float16ToFloat(data.get(VectorSupport.I16, at))), acc);
        }
        return LaneSum.of(acc);
    }

    @Override
    public float dotQ8(long thisOffset, Q8Activations x, int xOffset, int n) {
        if (!VectorSupport.ENABLED) return dotQ8Scalar(thisOffset, x, xOffset, n);
        var f = VectorSupport.F;
        var ints = VectorSupport.I;
        int lanes = f.length();
        byte[] xq = x.quants();
        float[] xd = x.scales();
        FloatVector acc = FloatVector.zero(f);
        long at = thisOffset / BLOCK * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK, at += BLOCK_BYTES) {
            IntVector sum = IntVector.zero(ints);
            for (int j = 0; j < BLOCK; j += lanes) {
                IntVector w = (IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(ints, 0);
                sum = sum.add(w.mul((IntVector) ByteVector.fromArray(VectorSupport.B, xq, xOffset + i + j).castShape(ints, 0)));
            }
            float scale = Float.float16ToFloat(data.get(VectorSupport.I16, at)) * xd[(xOffset + i) / BLOCK];
            acc = ((FloatVector) sum.castShape(f, 0)).fma(FloatVector.broadcast(f, scale), acc);
        }
        return LaneSum.of(acc);
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
