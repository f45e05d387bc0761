package org.tokenheatmap.viewer;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the viewer (Jackson 3; thread-safe once built). */
public final class Json {
    /** Trailing tokens allowed: loaders read one member at a time from a streaming parser. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {
    }
}
