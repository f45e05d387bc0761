package org.tokenheatmap.engine.gguf;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * A GGUF metadata array. {@code values} is a Java array matching {@code elementType}: byte[] (U)INT8, short[]
 * (U)INT16, int[] (U)INT32, long[] (U)INT64, float[] FLOAT32, double[] FLOAT64, boolean[] BOOL, String[] STRING
 * and GgufArray[] ARRAY. Unsigned values keep their bits; accessors widen them.
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public GgufArray {
        Objects.requireNonNull(elementType);
        Class<?> expected = javaArrayClass(elementType);
        if (values == null || values.getClass() != expected) {
            throw new IllegalArgumentException("a " + elementType + " array needs a " + expected.getSimpleName());
        }
    }

    public int length() { return Array.getLength(values); }

    static Class<?> javaArrayClass(GgufValueType type) {
        return switch (type) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
    }

    /** Element {@code i} widened to long (integer arrays only); unsigned types are read as unsigned. */
    public long getLong(int i) {
        return switch (elementType) {
            case UINT8 -> Byte.toUnsignedLong(((byte[]) values)[i]);
            case INT8 -> ((byte[]) values)[i];
            case UINT16 -> Short.toUnsignedLong(((short[]) values)[i]);
            case INT16 -> ((short[]) values)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) values)[i]);
            case INT32 -> ((int[]) values)[i];
            case UINT64, INT64 -> ((long[]) values)[i];
            default -> throw new IllegalStateException("not an integer array: " + elementType);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray(GgufValueType t, Object v) && t == elementType
                && java.util.Objects.deepEquals(new Object[] {values}, new Object[] {v});
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(new Object[] {elementType, values});
    }

    @Override
    public String toString() {
        return elementType + "[" + length() + "]";
    }
}
