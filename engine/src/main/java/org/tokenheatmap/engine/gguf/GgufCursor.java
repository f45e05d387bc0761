package org.tokenheatmap.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.tokenheatmap.formats.BadInputException;

/**
 * Sequential little-endian reader over a segment that checks every read against the segment's size, so a corrupt
 * length can never read past the end or allocate more than the file could hold.
 */
final class GgufCursor {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Object file;
    private final MemorySegment data;
    private long pos;

    GgufCursor(Object file, MemorySegment data) {
        this.file = file;
        this.data = data;
    }

    long position() { return pos; }

    long remaining() { return data.byteSize() - pos; }

    BadInputException error(String reason) {
        return new BadInputException(file, "byte " + pos, reason);
    }

    /** Fails unless {@code bytes} more bytes exist. */
    void require(long bytes, String what) {
        if (bytes < 0 || bytes > remaining()) {
            throw error(what + " needs " + Long.toUnsignedString(bytes) + " bytes but only " + remaining() + " remain");
        }
    }

    /** Fails unless {@code count} items of at least {@code minBytes} each could fit in the rest of the file. */
    int requireCount(long count, int minBytes, String what) {
        if (count < 0 || count > Integer.MAX_VALUE - 8 || count > remaining() / Math.max(1, minBytes)) {
            throw error(what + " count " + Long.toUnsignedString(count) + " is impossible: only " + remaining()
                    + " bytes remain");
        }
        return (int) count;
    }

    byte i8() { require(1, "value"); return data.get(ValueLayout.JAVA_BYTE, pos++); }
    short i16() { require(2, "value"); short v = data.get(I16, pos); pos += 2; return v; }
    int i32() { require(4, "value"); int v = data.get(I32, pos); pos += 4; return v; }
    long i64() { require(8, "value"); long v = data.get(I64, pos); pos += 8; return v; }
    float f32() { require(4, "value"); float v = data.get(F32, pos); pos += 4; return v; }
    double f64() { require(8, "value"); double v = data.get(F64, pos); pos += 8; return v; }

    boolean bool() {
        byte b = i8();
        if (b != 0 && b != 1) { pos--; throw error("boolean must be 0 or 1, found " + b); }
        return b == 1;
    }

    String string(String what) {
        long len = i64();
        if (len < 0 || len > remaining()) {
            pos -= 8;
            throw error(what + " length " + Long.toUnsignedString(len) + " runs past the end of the file");
        }
        byte[] bytes = data.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
        pos += len;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void skip(long bytes) { require(bytes, "padding"); pos += bytes; }
}
