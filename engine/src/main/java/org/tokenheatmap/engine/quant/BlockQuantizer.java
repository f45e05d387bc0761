package org.tokenheatmap.engine.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * Reference quantisers of ggml for Q8_0 and Q4_0 (the scalar "_ref" definitions, which llama.cpp's quantize uses
 * when no importance matrix is given), and F32/F16 encoding, one row at a time.
 */
public final class BlockQuantizer {
    public static final int QK = 32;

    private BlockQuantizer() {}

    /** Types {@link #encodeRow} can produce. */
    public static boolean canEncode(GgmlType type) {
        return type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    /** Appends the encoding of {@code row} (length a multiple of the block size) to {@code out}. */
    public static void encodeRow(GgmlType type, float[] row, ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> { for (float v : row) out.putFloat(v); }
            case F16 -> { for (float v : row) out.putShort(Float.floatToFloat16(v)); }
            case Q8_0 -> { for (int b = 0; b < row.length; b += QK) quantizeQ8_0(row, b, out); }
            case Q4_0 -> { for (int b = 0; b < row.length; b += QK) quantizeQ4_0(row, b, out); }
            default -> throw new IllegalArgumentException("cannot encode " + type);
        }
    }

    /** d = max|x| / 127, q = round(x / d) (half away from zero, like C roundf). */
    static void quantizeQ8_0(float[] x, int off, ByteBuffer out) {
        float amax = 0;
        for (int j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(x[off + j]));
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0f;
        out.putShort(Float.floatToFloat16(d));
        for (int j = 0; j < QK; j++) out.put((byte) roundf(x[off + j] * id));
    }

    /**
     * d = m / -8 where m is the value of largest magnitude (sign kept), so m itself maps to nibble 0;
     * q = min(15, trunc(x / d + 8.5)). Byte j packs value j (low nibble) and value j+16 (high nibble).
     */
    static void quantizeQ4_0(float[] x, int off, ByteBuffer out) {
        float amax = 0, max = 0;
        for (int j = 0; j < QK; j++) {
            float v = x[off + j];
            if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; }
        }
        float d = max / -8f;
        float id = d != 0 ? 1f / d : 0f;
        out.putShort(Float.floatToFloat16(d));
        for (int j = 0; j < QK / 2; j++) {
            int lo = Math.min(15, (int) (x[off + j] * id + 8.5f));
            int hi = Math.min(15, (int) (x[off + j + QK / 2] * id + 8.5f));
            out.put((byte) (lo | (hi << 4)));
        }
    }

    private static int roundf(float v) {
        return (int) (v < 0 ? -Math.floor(-v + 0.5f) : Math.floor(v + 0.5f));
    }
}
