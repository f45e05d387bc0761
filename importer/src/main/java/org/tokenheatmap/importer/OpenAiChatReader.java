package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions} with {@code logprobs: true}, {@code top_logprobs: K}),
 * as OpenAI's API reference defines it, and as vLLM, llama.cpp and others serve it:
 * <ul>
 *   <li>the response is {@code {object: "chat.completion", model, choices: [{index, message: {content},
 *       logprobs: {content: [ChatCompletionTokenLogprob]}, finish_reason}]}};</li>
 *   <li>a ChatCompletionTokenLogprob is {@code {token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}};
 *       {@code bytes} are the token's UTF-8 bytes ("useful when characters are represented by multiple tokens"), and
 *       may be null; {@code top_logprobs} may in rare cases hold fewer than requested;</li>
 *   <li>streamed ({@code stream: true}) it is server-sent events {@code data: {object: "chat.completion.chunk",
 *       choices: [{index, delta: {content}, logprobs: {content: [...]}, finish_reason}]}} ending with
 *       {@code data: [DONE]}; a last chunk may have {@code choices: []} (usage).</li>
 * </ul>
 * The first choice (index 0) is read.
 */
final class OpenAiChatReader implements ApiFormat.Reader {

    @Override
    public ApiResponse read(Path file, List<Chunk> chunks) {
        ResponseParts parts = new ResponseParts();
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            parts.model(Nodes.optionalString(root, "model"));
            JsonNode choices = n.array(root, "choices", "");
            int c = firstChoice(choices);
            if (c < 0) continue;
            String at = "/choices/" + c;
            JsonNode choice = n.object(choices.get(c), at);
            parts.finish(Nodes.optionalString(choice, "finish_reason"));
            String message = choice.has("delta") ? "delta" : "message";
            parts.text(Nodes.optionalString(Nodes.optional(choice, message), "content"), n.at(at + "/" + message + "/content"));
            JsonNode entries = Nodes.optional(Nodes.optional(choice, "logprobs"), "content");
            if (entries != null) {
                if (!entries.isArray()) throw n.bad(at + "/logprobs/content", "must be an array");
                parts.logprobs(TokenEntries.read(n, entries, at + "/logprobs/content"));
            }
        }
        parts.requireLogprobs(file, "logprobs: true and top_logprobs: K");
        return parts.response(ApiFormat.OPENAI_CHAT, null, true);
    }

    /** Index in {@code choices} of the choice with {@code index} 0 (or the first one), -1 when there is none. */
    static int firstChoice(JsonNode choices) {
        for (int i = 0; i < choices.size(); i++) {
            JsonNode index = choices.get(i).get("index");
            if (index == null || index.asInt(-1) == 0) return i;
        }
        return -1;
    }
}
