package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q6_K: super-blocks of 256 = 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8 scales (one per
 * 16 values), fp16 d at the end. Each 128-value half h uses ql[64h..], qh[32h..], scales[8h..]; for l in 0..31 the
 * four values l, l+32, l+64, l+96 take ql[l] low, ql[l+32] low, ql[l] high, ql[l+32] high nibbles and bit pairs
 * 0-1, 2-3, 4-5, 6-7 of qh[l]; value = d * scale * (q6 - 32).
 */
public final class Q6KTensor extends KQuantTensor {
    private static final int QL = 0;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    public Q6KTensor(MemorySegment data, long size) {
        super(GgmlType.Q6_K, data, size);
    }

    @Override
    public void dequantizeBlock(long block, float[] out, int off) {
        long at = blockOffset(block);
        float d = VectorSupport.f16(data, at + D);
        for (int h = 0; h < 2; h++) {
            long ql = at + QL + 64 * h, qh = at + QH + 32 * h, sc = at + SCALES + 8 * h;
            int y = off + 128 * h;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int a = VectorSupport.u8(data, ql + l), b = VectorSupport.u8(data, ql + l + 32), hb = VectorSupport.u8(data, qh + l);
                out[y + l] = d * VectorSupport.i8(data, sc + is) * (((a & 0xF) | ((hb & 3) << 4)) - 32);
                out[y + l + 32] = d * VectorSupport.i8(data, sc + is + 2) * (((b & 0xF) | (((hb >>> 2) & 3) << 4)) - 32);
                out[y + l + 64] = d * VectorSupport.i8(data, sc + is + 4) * (((a >>> 4) | (((hb >>> 4) & 3) << 4)) - 32);
                out[y + l + 96] = d * VectorSupport.i8(data, sc + is + 6) * (((b >>> 4) | (((hb >>> 6) & 3) << 4)) - 32);
            }
        }
    }

    /** One super-block reduced to a float; scales (d * int8 scale) are decoded before any vector work. */
    @Override
    float blockDot(long at, float[] x, int x0, float[] scales) {
        float d = VectorSupport.f16(data, at + D);
        for (int k = 0; k < 16; k++) scales[k] = d * VectorSupport.i8(data, at + SCALES + k);
        var f = VectorSupport.F;
        int lanes = f.length(); // 8 or 16: one vector never straddles two 16-value scale groups
        FloatVector acc = FloatVector.zero(f);
        for (int h = 0; h < 2; h++) {
            long ql = at + QL + 64 * h, qh = at + QH + 32 * h;
            int y = x0 + 128 * h;
            for (int p = 0; p < 32; p += lanes) {
                int is = 8 * h + p / 16;
                IntVector a = VectorSupport.unsignedBytes(data, ql + p);
                IntVector b = VectorSupport.unsignedBytes(data, ql + 32 + p);
                IntVector hb = VectorSupport.unsignedBytes(data, qh + p);
                // Quarter k: low nibbles of a, b, then high nibbles of a, b; bit pair k of qh.
                for (int k = 0; k < 4; k++) {
                    IntVector src = k % 2 == 0 ? a : b;
                    IntVector low4 = k < 2 ? src.and(0xF) : src.lanewise(VectorOperators.LSHR, 4);
                    IntVector q = low4.or(hb.lanewise(VectorOperators.LSHR, 2 * k).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
                    acc = VectorSupport.toFloat(q).mul(FloatVector.fromArray(f, x, y + 32 * k + p))
                            .fma(FloatVector.broadcast(f, scales[is + 2 * k]), acc);
                }
            }
        }
        return LaneSum.of(acc);
    }
}
