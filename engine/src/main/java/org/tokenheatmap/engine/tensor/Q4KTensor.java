package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_K: super-blocks of 256 values = fp16 d, fp16 dmin, 12-byte scale/min table, 128 bytes of nibbles.
 * Each 64-value chunk c uses bytes 32c..32c+31: low nibbles are sub-block 2c, high nibbles sub-block 2c+1;
 * value = d * scale[s] * q - dmin * min[s].
 */
public final class Q4KTensor extends KQuantTensor {
    private static final int SCALES = 4;
    private static final int QS = 16;

    public Q4KTensor(MemorySegment data, long size) {
        super(GgmlType.Q4_K, data, size);
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
                out[off + 64 * c + l] = d1 * (q & 0xF) - m1;
                out[off + 64 * c + 32 + l] = d2 * (q >>> 4) - m2;
            }
        }
    }

    /**
     * One super-block, reduced to a float: the scalar scale decoding runs first so that no vector stays live
     * across it (C2 would otherwise box vectors), then sum(d*s*q*x - dmin*m*x) = d*s*sum(q*x) - dmin*m*sum(x).
     */
    @Override
    float blockDot(long at, float[] x, int x0, float[] scales) {
        KQuantScales.decode(data, at, scales);
        var f = VectorSupport.F;
        FloatVector acc = FloatVector.zero(f);
        for (int c = 0; c < 4; c++) {
            for (int p = 0; p < 32; p += f.length()) {
                IntVector packed = VectorSupport.unsignedBytes(data, at + QS + 32 * c + p);
                FloatVector a = FloatVector.fromArray(f, x, x0 + 64 * c + p);
                FloatVector b = FloatVector.fromArray(f, x, x0 + 64 * c + 32 + p);
                acc = VectorSupport.toFloat(packed.and(0xF)).mul(a).fma(FloatVector.broadcast(f, scales[2 * c]), acc);
                acc = a.fma(FloatVector.broadcast(f, scales[8 + 2 * c]), acc);
                acc = VectorSupport.toFloat(packed.lanewise(VectorOperators.LSHR, 4)).mul(b).fma(FloatVector.broadcast(f, scales[2 * c + 1]), acc);
                acc = b.fma(FloatVector.broadcast(f, scales[8 + 2 * c + 1]), acc);
            }
        }
        return LaneSum.of(acc);
    }
}
