package org.tokenheatmap.engine.gguf;

import java.util.Objects;

/**
 * One metadata value with its GGUF type. {@code value} is Byte, Short, Integer, Long (signed and unsigned integer
 * types keep their bits), Float, Double, Boolean, String or {@link GgufArray}.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type);
        Class<?> expected = switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("a " + type + " value needs a " + expected.getSimpleName());
        }
    }

    public static GgufValue ofString(String s) { return new GgufValue(GgufValueType.STRING, s); }
    public static GgufValue ofUint32(int v) { return new GgufValue(GgufValueType.UINT32, v); }
    public static GgufValue ofInt32(int v) { return new GgufValue(GgufValueType.INT32, v); }
    public static GgufValue ofFloat32(float v) { return new GgufValue(GgufValueType.FLOAT32, v); }
    public static GgufValue ofBool(boolean v) { return new GgufValue(GgufValueType.BOOL, v); }
    public static GgufValue ofArray(GgufValueType elementType, Object javaArray) {
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(elementType, javaArray));
    }

    /** Integer value widened to long, unsigned types read as unsigned; empty for non-integer types. */
    java.util.OptionalLong asLong() {
        return switch (type) {
            case UINT8 -> java.util.OptionalLong.of(Byte.toUnsignedLong((Byte) value));
            case INT8 -> java.util.OptionalLong.of((Byte) value);
            case UINT16 -> java.util.OptionalLong.of(Short.toUnsignedLong((Short) value));
            case INT16 -> java.util.OptionalLong.of((Short) value);
            case UINT32 -> java.util.OptionalLong.of(Integer.toUnsignedLong((Integer) value));
            case INT32 -> java.util.OptionalLong.of((Integer) value);
            case UINT64, INT64 -> java.util.OptionalLong.of((Long) value);
            default -> java.util.OptionalLong.empty();
        };
    }

    @Override
    public String toString() {
        return type + ":" + (type.isInteger() ? Long.toUnsignedString(asLong().getAsLong()) : value);
    }
}
