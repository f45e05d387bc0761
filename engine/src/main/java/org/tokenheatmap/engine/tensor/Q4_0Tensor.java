package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_0: blocks of 32 values = fp16 scale d, then 16 bytes; byte j holds value j in its low nibble and value
 * j+16 in its high nibble, both offset by 8: value = d * (nibble - 8).
 */
public final class Q4_0Tensor extends BlockTensor implements Q8ActivationDot {
    public static final int BLOCK = 32;
    public static final int BLOCK_BYTES = 18;
    /** XOR mask mapping both nibbles n of a byte to the 4-bit two's complement of n - 8 (see the kernels' comment). */
    private static final byte OFFSET_FLIP = (byte) 0x88;

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
                IntVector v = (IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .lanewise(VectorOperators.XOR, OFFSET_FLIP).castShape(VectorSupport.I, 0);
                ((FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).castShape(f, 0))
                        .mul(d).intoArray(out, b + j);
                ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).castShape(f, 0)).mul(d).intoArray(out, b + j + BLOCK / 2);
            }
        }
    }

    /*
     * The kernels call only Vector API and MemorySegment methods (force-inlined by the JDK) and intrinsics, no helper
     * of ours but the final LaneSum.of; see Q8_0Tensor for why (boxed vectors when a young profile stops C2 inlining a
     * helper). That is why the nibble decoding below is spelled out in each kernel.
     *
     * Nibble decoding: XOR-ing a byte with 0x88 turns each nibble n into the 4-bit two's complement of n - 8, so after
     * a sign-extending widening the high value is one arithmetic shift (v >> 4) and the low one a shift pair
     * (v << 28 >> 28), with no masks and no "- 8" (3 lane ops instead of 6). Shifts run on int or short lanes: x86 has
     * no byte-lane shifts, and C2's emulation is several times slower.
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
                IntVector v = (IntVector) ByteVector.fromMemorySegment(VectorSupport.B, data, at + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .lanewise(VectorOperators.XOR, OFFSET_FLIP).castShape(VectorSupport.I, 0);
                FloatVector lo = (FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).castShape(f, 0);
                FloatVector hi = (FloatVector) v.lanewise(VectorOperators.ASHR, 4).castShape(f, 0);
                blockSum = lo.fma(FloatVector.fromArray(f, that, thatOffset + i + j), blockSum);
                blockSum = hi.fma(FloatVector.fromArray(f, that, thatOffset + i + j + BLOCK / 2), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(f, Float.float16ToFloat(data.get(VectorSupport.I16, at))), acc);
        }
        return LaneSum.of(acc);
    }

    /**
     * Integer block sums on 16 short lanes (one per byte: lane j holds (q_j-8)*x_j + (q_{j+16}-8)*x_{j+16}, at most
     * 2*8*128 in magnitude, so shorts cannot overflow and the 16-bit multiply avoids the slow 32-bit one). Float lane
     * k then receives exactly the integer sum it got from the int-lane version (elements k, k+16 on 16 lanes; k, k+8,
     * k+16, k+24 on 8 lanes), so the result is bit-for-bit unchanged.
     */
    @Override
    public float dotQ8(long thisOffset, Q8Activations x, int xOffset, int n) {
        if (!VectorSupport.ENABLED) return dotQ8Scalar(thisOffset, x, xOffset, n);
        var f = VectorSupport.F;
        var bytes = ByteVector.SPECIES_128;
        var shorts = ShortVector.SPECIES_256;
        byte[] xq = x.quants();
        float[] xd = x.scales();
        FloatVector acc = FloatVector.zero(f);
        long at = thisOffset / BLOCK * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK, at += BLOCK_BYTES) {
            ShortVector v = (ShortVector) ByteVector.fromMemorySegment(bytes, data, at + 2, ByteOrder.LITTLE_ENDIAN)
                    .lanewise(VectorOperators.XOR, OFFSET_FLIP).castShape(shorts, 0);
            ShortVector xLo = (ShortVector) ByteVector.fromArray(bytes, xq, xOffset + i).castShape(shorts, 0);
            ShortVector xHi = (ShortVector) ByteVector.fromArray(bytes, xq, xOffset + i + BLOCK / 2).castShape(shorts, 0);
            ShortVector sum = v.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12).mul(xLo)
                    .add(v.lanewise(VectorOperators.ASHR, 4).mul(xHi));
            FloatVector sumF = f.length() == 16
                    ? (FloatVector) sum.castShape(f, 0)
                    : (FloatVector) ((IntVector) sum.castShape(VectorSupport.I, 0)).add((IntVector) sum.castShape(VectorSupport.I, 1)).castShape(f, 0);
            float scale = Float.float16ToFloat(data.get(VectorSupport.I16, at)) * xd[(xOffset + i) / BLOCK];
            acc = sumF.fma(FloatVector.broadcast(f, scale), acc);
        }
        return LaneSum.of(acc);
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
