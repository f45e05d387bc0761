package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The JSON body of a POST, field by field: every accessor checks type and range and fails with a message naming the
 * field ({@link IllegalArgumentException}, answered 400). Unknown fields are refused too, so a typo is not ignored.
 * Bodies must be {@code application/json} from this origin: a cross-site form cannot send that without a CORS
 * preflight, which this server never answers, so another web page cannot start work here.
 */
final class JsonBody {
    private static final int MAX_BYTES = 64 * 1024;
    private final ObjectNode body;

    private JsonBody(ObjectNode body) {
        this.body = body;
    }

    static JsonBody of(Context ctx, Set<String> allowed) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new IllegalArgumentException("the body must be application/json");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("http://" + ctx.host())) {
            throw new ApiException(403, "requests from origin " + origin + " are refused");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BYTES) throw new IllegalArgumentException("the body is over " + MAX_BYTES + " bytes");
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) throw new IllegalArgumentException("the body must be a JSON object");
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) throw new IllegalArgumentException("unknown field '" + name + "' (known: " + allowed + ")");
        }
        return new JsonBody(object);
    }

    String string(String name, int maxLength) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException("'" + name + "' is required");
        if (!v.isString()) throw new IllegalArgumentException("'" + name + "' must be a string");
        String s = v.asString();
        if (s.isEmpty()) throw new IllegalArgumentException("'" + name + "' must not be empty");
        if (s.length() > maxLength) throw new IllegalArgumentException("'" + name + "' is longer than " + maxLength + " characters");
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("'" + name + "' contains NUL");
        return s;
    }

    String string(String name, int maxLength, String fallback) {
        return present(name) ? string(name, maxLength) : fallback;
    }

    int integer(String name, int fallback, int min, int max) {
        if (!present(name)) return fallback;
        JsonNode v = body.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException("'" + name + "' must be an integer");
        return inRange(name, v.asInt(), min, max);
    }

    long longInteger(String name, long fallback) {
        if (!present(name)) return fallback;
        JsonNode v = body.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new IllegalArgumentException("'" + name + "' must be a 64-bit integer");
        return v.asLong();
    }

    double number(String name, double fallback, double min, double max) {
        if (!present(name)) return fallback;
        JsonNode v = body.get(name);
        if (!v.isNumber()) throw new IllegalArgumentException("'" + name + "' must be a number");
        double d = v.asDouble();
        if (!(d >= min && d <= max)) throw new IllegalArgumentException("'" + name + "' must be in [" + min + ", " + max + "], was " + d);
        return d;
    }

    boolean bool(String name, boolean fallback) {
        if (!present(name)) return fallback;
        JsonNode v = body.get(name);
        if (!v.isBoolean()) throw new IllegalArgumentException("'" + name + "' must be true or false");
        return v.asBoolean();
    }

    private boolean present(String name) {
        JsonNode v = body.get(name);
        return v != null && !v.isNull();
    }

    private static int inRange(String name, int v, int min, int max) {
        if (v < min || v > max) throw new IllegalArgumentException("'" + name + "' must be in [" + min + ", " + max + "], was " + v);
        return v;
    }
}
