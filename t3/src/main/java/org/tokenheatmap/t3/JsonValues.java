package org.tokenheatmap.t3;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one JSON object straight into plain Java values, without a JsonNode tree: arrays of numbers become
 * {@code double[]} (the bulk of a frame), other arrays {@code Object[]}, objects {@code Map}, integral numbers
 * {@code Long}, other numbers {@code Double}, JSON null {@link #NULL}. About three times faster than a tree
 * for number-heavy lines.
 */
final class JsonValues {

    /** Stands for JSON null (a Map cannot tell a null value from a missing key). */
    static final Object NULL = new Object() {
        @Override
        public String toString() { return "null"; }
    };

    private JsonValues() {}

    /** @throws JacksonException when the bytes are not one JSON value */
    static Object parse(byte[] bytes, int length) {
        try (JsonParser p = T3Records.MAPPER.createParser(bytes, 0, length)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new IllegalArgumentException("not valid JSON: empty line");
            Object v = value(p, t);
            if (p.nextToken() != null) throw new IllegalArgumentException("not valid JSON: trailing content after the value");
            return v;
        }
    }

    private static Object value(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) p.getDoubleValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IllegalArgumentException("unexpected " + t);
        };
    }

    private static Map<String, Object> object(JsonParser p) {
        Map<String, Object> m = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            m.put(name, value(p, p.nextToken()));
        }
        return m;
    }

    /** Numbers only (or empty): double[]; anything else: Object[] of values. */
    private static Object array(JsonParser p) {
        double[] nums = new double[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            if (n == nums.length) nums = Arrays.copyOf(nums, n * 2);
            nums[n++] = p.getDoubleValue();
        }
        if (t == JsonToken.END_ARRAY) return Arrays.copyOf(nums, n);
        List<Object> items = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) items.add(nums[i]);
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) items.add(value(p, t));
        return items.toArray();
    }
}
