package org.tokenheatmap.viewer;

import io.javalin.http.Context;

/** Query parameters of the API endpoints; a bad one is an {@link IllegalArgumentException}, answered 400. */
public final class QueryParams {
    private QueryParams() {
    }

    public static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) throw new IllegalArgumentException("missing query parameter '" + name + "'");
        return value;
    }

    /** The integer parameter {@code name}, or {@code fallback} when it is absent or empty. */
    public static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) return fallback;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter '" + name + "' is not an integer: " + value);
        }
    }
}
