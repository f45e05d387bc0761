package org.tokenheatmap.formats.npz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An array's data mapped from a stored npz entry ({@link NpzReader#map}): read slices of a big array without
 * loading it. Elements are addressed by flat C-order index; the segment stays valid while its arena is open.
 */
public record MappedArray(NpyHeader header, MemorySegment data) {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** {@code count} float32 or float16 elements starting at flat index {@code first}, as floats. */
    public float[] floats(long first, int count) {
        long end = first + count;
        if (first < 0 || count < 0 || end > header.elementCount())
            throw new IndexOutOfBoundsException("elements " + first + ".." + end + " of " + header.elementCount());
        float[] out = new float[count];
        switch (header.dtype()) {
            case FLOAT32 -> MemorySegment.copy(data, F32, first * 4, out, 0, count);
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) out[i] = Float.float16ToFloat(data.get(F16, (first + i) * 2));
            }
            default -> throw new IllegalStateException("not a float array: " + header);
        }
        return out;
    }
}
