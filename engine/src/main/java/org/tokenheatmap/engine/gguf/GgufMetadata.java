package org.tokenheatmap.engine.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

import org.tokenheatmap.formats.BadInputException;

/**
 * The key/value metadata of a GGUF file, in file order, with typed accessors. A missing key or a value of the wrong
 * type is reported as {@link BadInputException} naming the file and the key, since it means the file is unusable.
 */
public final class GgufMetadata {
    private final Object file;
    private final SequencedMap<String, GgufValue> values;

    public GgufMetadata(Object file, Map<String, GgufValue> values) {
        this.file = file;
        this.values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
    }

    /** All entries in file order. */
    public SequencedMap<String, GgufValue> asMap() { return values; }

    public Set<String> keys() { return values.keySet(); }

    public boolean contains(String key) { return values.containsKey(key); }

    public Optional<GgufValue> find(String key) { return Optional.ofNullable(values.get(key)); }

    public GgufValue get(String key) {
        GgufValue v = values.get(key);
        if (v == null) throw bad(key, "missing");
        return v;
    }

    public String getString(String key) {
        return (String) expect(key, GgufValueType.STRING).value();
    }

    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** Any integer type whose value fits in an int (token ids: {@link #getTokenId}). */
    public int getInt(String key) {
        long v = getLong(key);
        if (v != (int) v) throw bad(key, "value " + v + " does not fit in an int");
        return (int) v;
    }

    /** {@link #getTokenId}'s result for "no token". */
    public static final int NO_TOKEN = -1;

    /**
     * A token id ({@code tokenizer.ggml.*_token_id}) of any integer type, read as llama.cpp reads its
     * {@code llama_token}s: UINT32 0xFFFFFFFF (written by llama.cpp's converter, e.g. stories260K's padding and
     * separator ids) and -1 in a signed type mean "no token" ({@link #NO_TOKEN}); every other value must be an id
     * in {@code [0, vocabSize)}, else the key is reported as bad input.
     */
    public int getTokenId(String key, int defaultValue, int vocabSize) {
        if (!contains(key)) return defaultValue;
        GgufValue v = get(key);
        long id = v.asLong().orElseThrow(() -> bad(key, "expected an integer token id, found " + v.type()));
        boolean none = switch (v.type()) {
            case UINT32 -> id == 0xFFFF_FFFFL;
            case INT8, INT16, INT32, INT64 -> id == -1;
            default -> false;
        };
        if (none) return NO_TOKEN;
        if (id < 0 || id >= vocabSize) {
            throw bad(key, "token id " + Long.toUnsignedString(id) + " is outside the vocabulary of " + vocabSize + " tokens");
        }
        return (int) id;
    }

    public int getInt(String key, int defaultValue) {
        return contains(key) ? getInt(key) : defaultValue;
    }

    /** Any integer type, unsigned 64-bit values above Long.MAX_VALUE rejected. */
    public long getLong(String key) {
        GgufValue v = get(key);
        long value = v.asLong().orElseThrow(() -> bad(key, "expected an integer, found " + v.type()));
        if (v.type() == GgufValueType.UINT64 && value < 0) throw bad(key, "value exceeds 2^63-1");
        return value;
    }

    /** FLOAT32 or FLOAT64 (narrowed). */
    public float getFloat(String key) {
        GgufValue v = get(key);
        return switch (v.value()) {
            case Float f -> f;
            case Double d -> d.floatValue();
            default -> throw bad(key, "expected a float, found " + v.type());
        };
    }

    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBoolean(String key) {
        return (Boolean) expect(key, GgufValueType.BOOL).value();
    }

    public GgufArray getArray(String key) {
        return (GgufArray) expect(key, GgufValueType.ARRAY).value();
    }

    public String[] getStringArray(String key) {
        return ((String[]) expectArray(key, GgufValueType.STRING).values()).clone();
    }

    public float[] getFloatArray(String key) {
        return ((float[]) expectArray(key, GgufValueType.FLOAT32).values()).clone();
    }

    /** Any integer array whose values fit in an int (e.g. tokenizer.ggml.token_type). */
    public int[] getIntArray(String key) {
        GgufArray a = getArray(key);
        if (!a.elementType().isInteger()) throw bad(key, "expected an integer array, found " + a.elementType() + " array");
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            long v = a.getLong(i);
            if (v != (int) v) throw bad(key, "element " + i + " = " + v + " does not fit in an int");
            out[i] = (int) v;
        }
        return out;
    }

    private GgufValue expect(String key, GgufValueType type) {
        GgufValue v = get(key);
        if (v.type() != type) throw bad(key, "expected " + type + ", found " + v.type());
        return v;
    }

    private GgufArray expectArray(String key, GgufValueType elementType) {
        GgufArray a = getArray(key);
        if (a.elementType() != elementType) {
            throw bad(key, "expected an array of " + elementType + ", found an array of " + a.elementType());
        }
        return a;
    }

    private BadInputException bad(String key, String reason) {
        return new BadInputException(file, "metadata key " + key, reason);
    }
}
