package org.tokenheatmap.viewer.t3;

import org.tokenheatmap.viewer.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises a T³ ecology trace by content: a JSONL file whose first line is a {@code meta} record. */
public final class T3Files {
    /** A meta line is a few hundred bytes; anything longer than this is not one we list. */
    private static final int MAX_META_LINE = 64 * 1024;

    private T3Files() {
    }

    public static boolean isTrace(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAX_META_LINE);
            int end = 0;
            while (end < head.length && head[end] != '\n') end++;
            if (end == head.length && head.length == MAX_META_LINE) return false;
            JsonNode first = Json.MAPPER.readTree(new String(head, 0, end, StandardCharsets.UTF_8));
            return first != null && first.isObject() && "meta".equals(first.path("type").asString(""))
                    && first.path("capabilities").isObject();
        } catch (IOException | JacksonException e) {
            return false;
        }
    }
}
