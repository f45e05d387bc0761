package org.tokenheatmap.t3;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads only the scalar top-level fields of one JSON object, skipping arrays and objects without building them:
 * enough to index a frame ({@code type}, {@code stage_idx}, {@code act_call}) at a fraction of a full parse.
 * A truncated or broken object yields the fields read so far.
 */
final class TopLevelScalars {

    private TopLevelScalars() {}

    /** Field name to String, Long, Double, Boolean or null (JSON null); containers are left out. */
    static Map<String, Object> read(byte[] bytes, int length) {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = T3Records.MAPPER.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return out;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) break;
                switch (v) {
                    case START_OBJECT, START_ARRAY -> p.skipChildren();
                    case VALUE_STRING -> out.put(name, p.getString());
                    case VALUE_NUMBER_INT -> out.put(name, p.getValueAsLong());
                    case VALUE_NUMBER_FLOAT -> out.put(name, p.getValueAsDouble());
                    case VALUE_TRUE, VALUE_FALSE -> out.put(name, v == JsonToken.VALUE_TRUE);
                    default -> out.put(name, null);
                }
            }
        } catch (JacksonException e) {
            // Keep what was read: callers decide whether that is enough.
        }
        return out;
    }

    static int intOr(Map<String, Object> fields, String name, int absent) {
        return fields.get(name) instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
                ? l.intValue() : absent;
    }
}
