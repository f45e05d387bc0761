package org.tokenheatmap.viewer;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the viewer (Jackson 3; thread-safe once built). */
public final class Json {
    /** Builds the API's answers and reads request bodies (trace files are read with the formats' readers). */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
