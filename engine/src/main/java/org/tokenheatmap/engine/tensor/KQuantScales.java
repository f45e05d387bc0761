package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The 12-byte scale/min table of Q4_K and Q5_K: eight 6-bit scales and eight 6-bit mins, one pair per 32-value
 * sub-block. Pairs 0-3 sit in the low 6 bits of bytes 0-3 (scales) and 4-7 (mins); pairs 4-7 take their low 4 bits
 * from bytes 8-11 and their top 2 bits from the spare high bits of bytes 0-7.
 */
final class KQuantScales {
    private KQuantScales() {}

    static int scale(MemorySegment seg, long table, int j) {
        if (j < 4) return VectorSupport.u8(seg, table + j) & 63;
        return (VectorSupport.u8(seg, table + j + 4) & 0xF) | ((VectorSupport.u8(seg, table + j - 4) >>> 6) << 4);
    }

    static int min(MemorySegment seg, long table, int j) {
        if (j < 4) return VectorSupport.u8(seg, table + j + 4) & 63;
        return (VectorSupport.u8(seg, table + j + 4) >>> 4) | ((VectorSupport.u8(seg, table + j) >>> 6) << 4);
    }

    /** For the super-block at {@code block}: out[s] = d * scale(s), out[8 + s] = -dmin * min(s), s in 0..7. */
    static void decode(MemorySegment seg, long block, float[] out) {
        float d = VectorSupport.f16(seg, block), dmin = VectorSupport.f16(seg, block + 2);
        for (int s = 0; s < 8; s++) {
            out[s] = d * scale(seg, block + 4, s);
            out[8 + s] = -dmin * min(seg, block + 4, s);
        }
    }
}
