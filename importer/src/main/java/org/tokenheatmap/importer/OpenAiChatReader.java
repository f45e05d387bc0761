package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
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
        List<ApiToken> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean anyLogprobs = false, anyText = false;
        String model = null, finish = null, textPlace = null;
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            if (Nodes.optionalString(root, "model") != null) model = Nodes.optionalString(root, "model");
            JsonNode choices = n.array(root, "choices", "");
            int c = firstChoice(choices);
            if (c < 0) continue;
            String at = "/choices/" + c;
            JsonNode choice = n.object(choices.get(c), at);
            if (Nodes.optionalString(choice, "finish_reason") != null) finish = Nodes.optionalString(choice, "finish_reason");
            JsonNode message = Nodes.optional(choice, choice.has("delta") ? "delta" : "message");
            String content = Nodes.optionalString(message, "content");
            if (content != null) {
                text.append(content);
                anyText |= !content.isEmpty();
                if (textPlace == null) textPlace = n.at(at + (choice.has("delta") ? "/delta" : "/message") + "/content");
            }
            JsonNode logprobs = Nodes.optional(choice, "logprobs");
            JsonNode entries = logprobs == null ? null : Nodes.optional(logprobs, "content");
            if (entries != null) {
                if (!entries.isArray()) throw n.bad(at + "/logprobs/content", "must be an array");
                anyLogprobs = true;
                tokens.addAll(TokenEntries.read(n, entries, at + "/logprobs/content"));
            }
        }
        if (!anyLogprobs && anyText)
            throw new org.tokenheatmap.formats.BadInputException(file, textPlace, "the completion has text but no logprobs"
                    + " (logprobs.content); request it with logprobs: true and top_logprobs: K");
        return new ApiResponse(ApiFormat.OPENAI_CHAT, model, finish, null, List.of(), tokens,
                textPlace == null ? null : text.toString(), textPlace);
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
