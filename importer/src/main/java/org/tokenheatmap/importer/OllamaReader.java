package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

/**
 * Ollama {@code POST /api/generate} or {@code /api/chat} with {@code logprobs: true} and {@code top_logprobs: K}, as
 * Ollama's API documentation defines it:
 * <ul>
 *   <li>{@code {model, created_at, response (generate) | message: {content} (chat), done, done_reason,
 *       logprobs: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}};</li>
 *   <li>streamed (the default): one such JSON object per line, each with the logprobs of its own tokens, the last
 *       with {@code done: true} and {@code done_reason}.</li>
 * </ul>
 * A chat message's {@code thinking} text has no place in {@code content}, so a response with it is not checked
 * against its content.
 */
final class OllamaReader implements ApiFormat.Reader {

    @Override
    public ApiResponse read(Path file, List<Chunk> chunks) {
        List<ApiToken> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String model = null, finish = null, textPlace = null;
        boolean anyLogprobs = false, thinking = false;
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            if (Nodes.optionalString(root, "model") != null) model = Nodes.optionalString(root, "model");
            if (Nodes.optionalString(root, "done_reason") != null) finish = Nodes.optionalString(root, "done_reason");
            JsonNode message = Nodes.optional(root, "message");
            thinking |= !Nodes.optionalString(message, "thinking", Nodes.optionalString(root, "thinking", "")).isEmpty();
            String pointer = message != null ? "/message/content" : "/response";
            String content = message != null ? Nodes.optionalString(message, "content") : Nodes.optionalString(root, "response");
            if (content != null) {
                text.append(content);
                if (textPlace == null) textPlace = n.at(pointer);
            }
            JsonNode logprobs = Nodes.optional(root, "logprobs");
            if (logprobs == null) continue;
            if (!logprobs.isArray()) throw n.bad("/logprobs", "must be an array");
            anyLogprobs = true;
            tokens.addAll(TokenEntries.read(n, logprobs, "/logprobs"));
        }
        if (!anyLogprobs && !text.isEmpty())
            throw new BadInputException(file, textPlace, "the response has text but no logprobs; request them with logprobs: true");
        String check = thinking || textPlace == null ? null : text.toString();
        return new ApiResponse(ApiFormat.OLLAMA, model, finish, null, List.of(), tokens, check, textPlace);
    }
}
