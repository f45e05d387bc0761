package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_0: blocks of 32 values = fp16 scale d, then 16 bytes; byte j holds value j in its low nibble and value
 * j+16 in its high nibble, both offset by 8: value = d * (nibble - 8).
 */
public final class Q4_0Tensor extends BlockTensor implements Q8ActivationDot {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 18;

    public Q4_0Tensor(MemorySegment data, long size) {
        super(GgmlType.Q4_0, data, size);
    }

    @Override
    public void dequantizeBlock(long block, float[] out, int off) {
        long at = blockOffset(block);
        float d = VectorSupport.f16(data, at);
        for (int j = 0; j < BLOCK / 2; j++) {
            int b = VectorSupport.u8(data, at + 2 + j);
            out[off + j] = d * ((b & 0xF) - 8);
            out[off + j + BLOCK / 2] = d * ((b >>> 4) - 8);
        }
    }

    /** Vectorised {@link #dequantizeBlock} over a row (same products d*(q-8)): prefill dequantises every row per batch. */
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
            for (int j = 0; j < BLOCK / 2; j += f.length()) {
                IntVector packed = ((IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(VectorSupport.I, 0)).and(0xFF);
                ((FloatVector) packed.and(0xF).sub(8).castShape(f, 0)).mul(d).intoArray(out, b + j);
                ((FloatVector) packed.lanewise(VectorOperators.LSHR, 4).sub(8).castShape(f, 0)).mul(d).intoArray(out, b + j + BLOCK / 2);
            }
        }
    }

    /*
     * The kernels call only Vector API and MemorySegment methods (force-inlined by the JDK) and intrinsics, no helper
     * of ours; see Q8_0Tensor for why (boxed vectors when a young profile stops C2 inlining a helper).
     * Nibbles are extracted on int lanes: x86 has no byte-lane shifts, and C2's emulation is several times slower.
     */

    @Override
    protected float dotVector(long thisOffset, float[] that, int thatOffset, int n) {
        var f = VectorSupport.F;
        int lanes = f.length();
        FloatVector acc = FloatVector.zero(f);
        long at = thisOffset / BLOCK * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK, at += BLOCK_BYTES) {
            FloatVector blockSum = FloatVector.zero(f);
            for (int j = 0; j < BLOCK / 2; j += lanes) {
                IntVector packed = ((IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(VectorSupport.I, 0)).and(0xFF);
                FloatVector lo = (FloatVector) packed.and(0xF).sub(8).castShape(f, 0);
                FloatVector hi = (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).sub(8).castShape(f, 0);
                blockSum = lo.fma(FloatVector.fromArray(f, that, thatOffset + i + j), blockSum);
                blockSum = hi.fma(FloatVector.fromArray(f, that, thatOffset + i + j + BLOCK / 2), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(f, Float.float16ToFloat(data.get(VectorSupport.I16, at))), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
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
            for (int j = 0; j < BLOCK / 2; j += lanes) {
                IntVector packed = ((IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .castShape(ints, 0)).and(0xFF);
                IntVector xLo = (IntVector) ByteVector.fromArray(VectorSupport.B, xq, xOffset + i + j).castShape(ints, 0);
                IntVector xHi = (IntVector) ByteVector.fromArray(VectorSupport.B, xq, xOffset + i + j + BLOCK / 2).castShape(ints, 0);
                sum = sum.add(packed.and(0xF).sub(8).mul(xLo)).add(packed.lanewise(VectorOperators.LSHR, 4).sub(8).mul(xHi));
            }
            float scale = Float.float16ToFloat(data.get(VectorSupport.I16, at)) * xd[(xOffset + i) / BLOCK];
            acc = ((FloatVector) sum.castShape(f, 0)).fma(FloatVector.broadcast(f, scale), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    float dotQ8Scalar(long thisOffset, Q8Activations x, int xOffset, int n) {
        float sum = 0;
        long firstBlock = thisOffset / BLOCK;
        for (int i = 0; i < n; i += BLOCK) {
            long at = blockOffset(firstBlock + i / BLOCK);
            int isum = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                int b = VectorSupport.u8(data, at + 2 + j);
                isum += ((b & 0xF) - 8) * x.quants()[xOffset + i + j] + ((b >>> 4) - 8) * x.quants()[xOffset + i + j + BLOCK / 2];
            }
            sum += VectorSupport.f16(data, at) * x.scales()[(xOffset + i) / BLOCK] * isum;
        }
        return sum;
    }
}
