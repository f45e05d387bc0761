package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

/** The response formats {@code heatmap import} reads, each with its reader. */
public enum ApiFormat {
    OPENAI_CHAT("openai-chat", new OpenAiChatReader()),
    OPENAI_COMPLETIONS("openai-completions", new OpenAiCompletionsReader()),
    LLAMA_SERVER("llama-server", new LlamaServerReader()),
    OLLAMA("ollama", new OllamaReader()),
    GEMINI("gemini", new GeminiReader());

    /** Reads every document of a response file into one {@link ApiResponse}. */
    interface Reader {
        ApiResponse read(Path file, List<Chunk> chunks);
    }

    private final String wireName;
    private final Reader reader;

    ApiFormat(String wireName, Reader reader) {
        this.wireName = wireName;
        this.reader = reader;
    }

    public String wireName() { return wireName; }

    ApiResponse read(Path file, List<Chunk> chunks) { return reader.read(file, chunks); }

    /** {@code openai-chat} etc.; {@code auto} gives null (detect from the content). */
    public static ApiFormat fromWireName(String name) {
        if (name.equalsIgnoreCase("auto")) return null;
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + name + "'; expected auto, "
                        + String.join(", ", Arrays.stream(values()).map(ApiFormat::wireName).toList())));
    }

    /** Tells the format from the first document's fields (each API's response has its own top-level keys). */
    static ApiFormat detect(Path file, Chunk first) {
        JsonNode root = first.json();
        if (root.isObject()) {
            JsonNode choices = root.get("choices");
            if (choices != null && choices.isArray()) {
                String object = Nodes.optionalString(root, "object");
                if (object != null) return object.startsWith("chat.") ? OPENAI_CHAT : OPENAI_COMPLETIONS;
                for (JsonNode choice : choices)
                    if (choice.has("message") || choice.has("delta")) return OPENAI_CHAT;
                return OPENAI_COMPLETIONS;
            }
            if (root.has("candidates") || root.has("modelVersion")) return GEMINI;
            if (root.has("completion_probabilities") || root.has("stop_type") || root.has("generation_settings")) return LLAMA_SERVER;
            if (root.has("done") || root.has("done_reason")) return OLLAMA;
        }
        throw new BadInputException(file, first.at(""), "cannot tell which API wrote this (no choices, candidates,"
                + " completion_probabilities or done field); pass --format");
    }
}
