package org.tokenheatmap.formats.npz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The header of a {@code .npy} array: dtype, item size and shape ({@code fortran_order} is always False here,
 * since only C order is supported). {@link #encode()} writes format version 1.0 (2.0 when the header would not
 * fit a 16-bit length), padded so that the data starts at a multiple of 64 bytes as numpy does.
 *
 * @param dtype    element type
 * @param itemSize bytes per element (for unicode: 4 × width)
 * @param shape    extents, outermost first; empty for a 0-d array
 */
public record NpyHeader(DType dtype, int itemSize, long[] shape) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int PREAMBLE_V1 = 10;
    private static final int PREAMBLE_V2 = 12;

    public static NpyHeader of(NdArray array) {
        return new NpyHeader(array.dtype(), array.itemSize(), array.shape().clone());
    }

    /** The numpy descr, e.g. {@code <f4} or {@code <U12}. */
    public String descr() {
        return dtype == DType.UNICODE ? "<U" + itemSize / 4 : dtype.descr();
    }

    /** Element count, or -1 when the shape's product overflows. */
    public long elementCount() { return NdArray.elementCount(shape); }

    /** Data bytes (element count × item size), or -1 on overflow. */
    public long dataLength() {
        long n = elementCount();
        if (n < 0 || (itemSize != 0 && n > Long.MAX_VALUE / itemSize)) return -1;
        return n * itemSize;
    }

    /** Magic, version, length and padded dict: everything before the data. */
    public byte[] encode() {
        String dict = "{'descr': '" + descr() + "', 'fortran_order': False, 'shape': " + shapeString(shape) + ", }";
        boolean v1 = PREAMBLE_V1 + dict.length() + 1 <= 0xFFFF;
        int preamble = v1 ? PREAMBLE_V1 : PREAMBLE_V2;
        int total = roundUp(preamble + dict.length() + 1);
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) out.putShort((short) (total - preamble)); else out.putInt(total - preamble);
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < total - 1) out.put((byte) ' ');
        out.put((byte) '\n');
        return out.array();
    }

    private static int roundUp(int n) { return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT; }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && h.itemSize == itemSize && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() { return 31 * (31 * dtype.hashCode() + itemSize) + Arrays.hashCode(shape); }

    @Override
    public String toString() { return descr() + " " + shapeString(shape); }

    /** A shape as numpy prints it: {@code (3, 4)}, {@code (3,)}, {@code ()}. */
    public static String shapeString(long[] shape) {
        return shape.length == 1 ? "(" + shape[0] + ",)"
                : LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
