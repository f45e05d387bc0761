package org.tokenheatmap.importer;

import tools.jackson.databind.JsonNode;

/**
 * One JSON document of a response file: the whole file, one element of a top-level array, or one line / event of a
 * stream. {@code where} prefixes the JSON pointers of its errors ("" for a whole file, "line 7 " for a stream line).
 */
record Chunk(JsonNode json, String where) {

    /** The place of {@code pointer} inside this chunk, for an error message. */
    String at(String pointer) {
        return where + pointer;
    }
}
