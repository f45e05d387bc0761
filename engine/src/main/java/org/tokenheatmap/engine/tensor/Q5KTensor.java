package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q5_K: like Q4_K plus a fifth bit per value. Super-block of 256 = fp16 d, fp16 dmin, 12-byte scale/min
 * table, 32 bytes qh, 128 bytes of nibbles. Value 64c+l takes its high bit from bit 2c of qh[l], value 64c+32+l
 * from bit 2c+1; value = d * scale[s] * (nibble + 16*bit) - dmin * min[s].
 */
public final class Q5KTensor extends KQuantTensor {
    private static final int SCALES = 4;
    private static final int QH = 16;
    private static final int QS = 48;

    public Q5KTensor(MemorySegment data, long size) {
        super(GgmlType.Q5_K, data, size);
    }

    @Override
    public void dequantizeBlock(long block, float[] out, int off) {
        long at = blockOffset(block);
        float d = VectorSupport.f16(data, at);
        float dmin = VectorSupport.f16(data, at + 2);
        for (int c = 0; c < 4; c++) {
            float d1 = d * KQuantScales.scale(data, at + SCALES, 2 * c), m1 = dmin * KQuantScales.min(data, at + SCALES, 2 * c);
            float d2 = d * KQuantScales.scale(data, at + SCALES, 2 * c + 1), m2 = dmin * KQuantScales.min(data, at + SCALES, 2 * c + 1);
            for (int l = 0; l < 32; l++) {
                int q = VectorSupport.u8(data, at + QS + 32 * c + l);
                int h = VectorSupport.u8(data, at + QH + l);
                out[off + 64 * c + l] = d1 * ((q & 0xF) + (((h >>> (2 * c)) & 1) << 4)) - m1;
                out[off + 64 * c + 32 + l] = d2 * ((q >>> 4) + (((h >>> (2 * c + 1)) & 1) << 4)) - m2;
            }
        }
    }

    /** As {@link Q4KTensor}'s block dot, with the fifth bit from qh added to each nibble. */
    @Override
    float blockDot(long at, float[] x, int x0, float[] scales) {
        KQuantScales.decode(data, at, scales);
        var f = VectorSupport.F;
        FloatVector acc = FloatVector.zero(f);
        for (int c = 0; c < 4; c++) {
            for (int p = 0; p < 32; p += f.length()) {
                IntVector packed = VectorSupport.unsignedBytes(data, at + QS + 32 * c + p);
                IntVector high = VectorSupport.unsignedBytes(data, at + QH + p);
                IntVector lo = packed.and(0xF).or(high.lanewise(VectorOperators.LSHR, 2 * c).and(1).lanewise(VectorOperators.LSHL, 4));
                IntVector hi = packed.lanewise(VectorOperators.LSHR, 4).or(high.lanewise(VectorOperators.LSHR, 2 * c + 1).and(1).lanewise(VectorOperators.LSHL, 4));
                FloatVector a = FloatVector.fromArray(f, x, x0 + 64 * c + p);
                FloatVector b = FloatVector.fromArray(f, x, x0 + 64 * c + 32 + p);
                acc = VectorSupport.toFloat(lo).mul(a).fma(FloatVector.broadcast(f, scales[2 * c]), acc);
                acc = a.fma(FloatVector.broadcast(f, scales[8 + 2 * c]), acc);
                acc = VectorSupport.toFloat(hi).mul(b).fma(FloatVector.broadcast(f, scales[2 * c + 1]), acc);
                acc = b.fma(FloatVector.broadcast(f, scales[8 + 2 * c + 1]), acc);
            }
        }
        return LaneSum.of(acc);
    }
}
