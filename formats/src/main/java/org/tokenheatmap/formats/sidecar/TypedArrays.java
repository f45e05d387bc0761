package org.tokenheatmap.formats.sidecar;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzReader;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Reads sidecar keys as the Java types the records use, failing with the key's name when dtype or rank differ. */
record TypedArrays(NpzReader reader) {

    String scalarString(String key) throws IOException {
        if (reader.get(key) instanceof NdArray.Unicode u && u.shape().length == 0) return u.data()[0];
        throw wrongType(key, "a 0-d unicode string");
    }

    long scalarLong(String key) throws IOException {
        NdArray a = reader.get(key);
        if (a.shape().length == 0) {
            switch (a) {
                case NdArray.Int64 i -> { return i.data()[0]; }
                case NdArray.Int32 i -> { return i.data()[0]; }
                default -> { }
            }
        }
        throw wrongType(key, "a 0-d integer");
    }

    int scalarInt(String key) throws IOException {
        return toInt(key, scalarLong(key));
    }

    List<Integer> intList(String key) throws IOException {
        NdArray a = reader.get(key);
        long[] values = switch (a) {
            case NdArray.Int64 i when a.shape().length == 1 -> i.data();
            case NdArray.Int32 i when a.shape().length == 1 -> Arrays.stream(i.data()).asLongStream().toArray();
            default -> throw wrongType(key, "a 1-d integer array");
        };
        return Arrays.stream(values).mapToObj(v -> toInt(key, v)).toList();
    }

    List<String> stringList(String key) throws IOException {
        if (reader.get(key) instanceof NdArray.Unicode u && u.shape().length == 1) return List.of(u.data());
        throw wrongType(key, "a 1-d unicode array");
    }

    float[] vector(String key) throws IOException {
        NdArray a = reader.get(key);
        if (a.shape().length == 1) {
            float[] data = floats(a);
            if (data != null) return data;
        }
        throw wrongType(key, "a 1-d float32 array");
    }

    FloatMatrix matrix(String key) throws IOException {
        NdArray a = reader.get(key);
        if (a.shape().length == 2 && a.shape()[0] <= Integer.MAX_VALUE && a.shape()[1] <= Integer.MAX_VALUE) {
            float[] data = floats(a);
            if (data != null) return new FloatMatrix((int) a.shape()[0], (int) a.shape()[1], data);
        }
        throw wrongType(key, "a 2-d float32 array");
    }

    /** The matrix under {@code key}, or null when the archive has no such key (q/k/v without QKV capture). */
    FloatMatrix optionalMatrix(String key) throws IOException {
        return reader.contains(key) ? matrix(key) : null;
    }

    private static float[] floats(NdArray a) {
        return switch (a) {
            case NdArray.Float32 f -> f.data();
            case NdArray.Float16 f -> f.data();
            default -> null;
        };
    }

    private int toInt(String key, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
            throw new BadInputException(reader.path(), key, "value " + value + " is out of range");
        return (int) value;
    }

    private BadInputException wrongType(String key, String expected) throws IOException {
        return new BadInputException(reader.path(), key, "expected " + expected + ", found " + reader.header(key));
    }
}
