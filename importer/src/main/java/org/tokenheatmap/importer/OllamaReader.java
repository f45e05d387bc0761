package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.List;
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
        ResponseParts parts = new ResponseParts();
        boolean thinking = false;
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            parts.model(Nodes.optionalString(root, "model"));
            parts.finish(Nodes.optionalString(root, "done_reason"));
            JsonNode message = Nodes.optional(root, "message");
            thinking |= !Nodes.optionalString(message, "thinking", Nodes.optionalString(root, "thinking", "")).isEmpty();
            if (message != null) parts.text(Nodes.optionalString(message, "content"), n.at("/message/content"));
            else parts.text(Nodes.optionalString(root, "response"), n.at("/response"));
            JsonNode logprobs = Nodes.optional(root, "logprobs");
            if (logprobs == null) continue;
            if (!logprobs.isArray()) throw n.bad("/logprobs", "must be an array");
            parts.logprobs(TokenEntries.read(n, logprobs, "/logprobs"));
        }
        parts.requireLogprobs(file, "logprobs: true");
        return parts.response(ApiFormat.OLLAMA, null, !thinking);
    }
}
