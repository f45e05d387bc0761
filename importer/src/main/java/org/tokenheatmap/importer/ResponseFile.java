package org.tokenheatmap.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an API response file into its JSON documents, whatever way it was saved: one JSON object (a whole response),
 * a JSON array of responses (Gemini's {@code streamGenerateContent} without {@code alt=sse}), server-sent events
 * ({@code data: {...}} lines, as OpenAI, llama.cpp and Gemini stream; {@code [DONE]} and comments skipped), or one
 * JSON object per line (Ollama's stream). Memory is bounded by the file's size.
 */
final class ResponseFile {
    /** Response files are a few MB at most; anything far larger is not one. */
    static final long MAX_BYTES = 512L << 20;

    private ResponseFile() {}

    static List<Chunk> read(Path file) {
        String text = utf8(file);
        String trimmed = text.strip();
        if (trimmed.isEmpty()) throw new BadInputException(file, "", "the file is empty");
        if (trimmed.startsWith("data:") || trimmed.startsWith("event:") || trimmed.startsWith(":"))
            return serverSentEvents(file, text);
        if (isJsonLines(trimmed)) return jsonLines(file, text);
        JsonNode whole = parse(file, trimmed, "");
        List<Chunk> chunks = new ArrayList<>();
        if (whole.isArray()) {
            for (int i = 0; i < whole.size(); i++) chunks.add(new Chunk(whole.get(i), "/" + i));
        } else {
            chunks.add(new Chunk(whole, ""));
        }
        return chunks;
    }

    private static List<Chunk> serverSentEvents(Path file, String text) {
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        int eventLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n <= lines.length; n++) {
            String line = n < lines.length ? lines[n] : "";
            if (line.isEmpty()) { // a blank line ends an event
                String payload = data.toString().strip();
                if (!payload.isEmpty() && !payload.equals("[DONE]")) {
                    String where = "line " + eventLine + " ";
                    chunks.add(new Chunk(parse(file, payload, where), where));
                }
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (data.isEmpty()) eventLine = n + 1;
                else data.append('\n');
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (!line.startsWith(":") && !line.startsWith("event:") && !line.startsWith("id:")
                    && !line.startsWith("retry:")) {
                throw new BadInputException(file, "line " + (n + 1), "not a server-sent event line (data:, event:, id:, retry: or :)");
            }
        }
        if (chunks.isEmpty()) throw new BadInputException(file, "", "the event stream has no data");
        return chunks;
    }

    private static List<Chunk> jsonLines(Path file, String text) {
        List<Chunk> chunks = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            if (lines[n].isBlank()) continue;
            String where = "line " + (n + 1) + " ";
            chunks.add(new Chunk(parse(file, lines[n], where), where));
        }
        return chunks;
    }

    /** More than one line, the first a whole JSON object on its own (a pretty-printed object's first line is not). */
    private static boolean isJsonLines(String text) {
        int newline = text.indexOf('\n');
        if (!text.startsWith("{") || newline < 0 || text.substring(newline).isBlank()) return false;
        try {
            return Json.mapper().readTree(text.substring(0, newline)).isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    private static JsonNode parse(Path file, String json, String where) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (node == null || node.isMissingNode()) throw new BadInputException(file, where.strip(), "no JSON here");
            return node;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new BadInputException(file, where.strip(), "not valid JSON: " + message, e);
        }
    }

    private static String utf8(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw new BadInputException(file, "", "no such file");
            if (Files.size(file) > MAX_BYTES) throw new BadInputException(file, "", "larger than " + (MAX_BYTES >> 20) + " MiB; not an API response");
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "", "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
