package org.tokenheatmap.formats.npz;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional numpy array in C order: its shape and its elements in a primitive Java array. A 0-d array
 * (a numpy scalar) has shape {@code []} and one element. Float16 arrays are held as {@code float[]} and rounded
 * to half precision only when written.
 */
public sealed interface NdArray {

    long[] shape();

    DType dtype();

    /** Number of elements (the product of the shape; 1 for a 0-d array). */
    default long size() { return elementCount(shape()); }

    /** Bytes per element. */
    default int itemSize() { return dtype().unitSize(); }

    record Float32(long[] shape, float[] data) implements NdArray {
        public Float32 { checkLength(shape, data.length); }
        public DType dtype() { return DType.FLOAT32; }
    }

    record Float16(long[] shape, float[] data) implements NdArray {
        public Float16 { checkLength(shape, data.length); }
        public DType dtype() { return DType.FLOAT16; }
    }

    record Int32(long[] shape, int[] data) implements NdArray {
        public Int32 { checkLength(shape, data.length); }
        public DType dtype() { return DType.INT32; }
    }

    record Int64(long[] shape, long[] data) implements NdArray {
        public Int64 { checkLength(shape, data.length); }
        public DType dtype() { return DType.INT64; }
    }

    /**
     * Fixed-width unicode strings ({@code <U width}). numpy drops trailing NUL code points when it reads such an
     * element, and so does this reader; {@code width} is the number of code points stored per element.
     */
    record Unicode(long[] shape, int width, String[] data) implements NdArray {
        public Unicode {
            checkLength(shape, data.length);
            if (width < 0) throw new IllegalArgumentException("negative unicode width " + width);
            for (String s : data) {
                Objects.requireNonNull(s, "unicode element");
                if (s.codePointCount(0, s.length()) > width)
                    throw new IllegalArgumentException("string longer than width " + width + ": " + s);
            }
        }
        public DType dtype() { return DType.UNICODE; }
        @Override public int itemSize() { return width * DType.UNICODE.unitSize(); }
    }

    static Float32 of(float[] data, long... shape) { return new Float32(shape.clone(), data); }

    static Int64 of(long[] data, long... shape) { return new Int64(shape.clone(), data); }

    static Int32 of(int[] data, long... shape) { return new Int32(shape.clone(), data); }

    static Int64 scalar(long value) { return new Int64(new long[0], new long[] {value}); }

    static Unicode scalar(String value) { return strings(new long[0], value); }

    /** A 1-d unicode array as narrow as its longest string (numpy's choice for {@code np.array(list_of_str)}). */
    static Unicode strings(String... values) { return strings(new long[] {values.length}, values); }

    private static Unicode strings(long[] shape, String... values) {
        int width = Arrays.stream(values).mapToInt(s -> s.codePointCount(0, s.length())).max().orElse(0);
        return new Unicode(shape, Math.max(1, width), values.clone());
    }

    /** The product of a shape, or -1 when it overflows a long or has a negative extent. */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) return -1;
            if (d != 0 && n > Long.MAX_VALUE / d) return -1;
            n *= d;
        }
        return n;
    }

    private static void checkLength(long[] shape, int length) {
        Objects.requireNonNull(shape, "shape");
        if (elementCount(shape) != length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length + " elements");
    }
}
