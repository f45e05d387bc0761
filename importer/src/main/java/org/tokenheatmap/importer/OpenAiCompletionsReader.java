package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI legacy Completions ({@code POST /v1/completions} with {@code logprobs: K}), as OpenAI's API reference defines
 * it and vLLM and TGI serve it:
 * <ul>
 *   <li>{@code {object: "text_completion", model, choices: [{index, text, logprobs: {tokens, token_logprobs,
 *       top_logprobs, text_offset}, finish_reason}], usage: {prompt_tokens, completion_tokens}}};</li>
 *   <li>{@code tokens[i]} is the token's text, {@code token_logprobs[i]} its logprob, {@code top_logprobs[i]} an
 *       object mapping up to K (+1: "the API will always return the logprob of the sampled token") token texts to
 *       logprobs, {@code text_offset[i]} "the character offset from the start of the prompt";</li>
 *   <li>a token that is not valid UTF-8 on its own is written {@code bytes:\xe2\x80} (tiktoken's convention);</li>
 *   <li>with {@code echo: true} the prompt's own tokens come first: {@code text} starts with the prompt, the first
 *       token's logprob and top_logprobs are null (nothing predicts it), and {@code usage.prompt_tokens} says how
 *       many tokens are the prompt's; {@code max_tokens: 0} with {@code echo} scores a text;</li>
 *   <li>streamed: {@code data:} chunks of the same shape with a few tokens each.</li>
 * </ul>
 * llama.cpp's {@code /v1/completions} writes the chat shape ({@code logprobs.content}) instead; that is read too.
 */
final class OpenAiCompletionsReader implements ApiFormat.Reader {

    @Override
    public ApiResponse read(Path file, List<Chunk> chunks) {
        ResponseParts parts = new ResponseParts();
        List<Integer> offsets = new ArrayList<>();
        Integer promptTokens = null;
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            parts.model(Nodes.optionalString(root, "model"));
            JsonNode usage = Nodes.optional(root, "usage");
            if (usage != null && usage.path("prompt_tokens").isIntegralNumber()) promptTokens = usage.get("prompt_tokens").asInt();
            JsonNode choices = n.array(root, "choices", "");
            int c = OpenAiChatReader.firstChoice(choices);
            if (c < 0) continue;
            String at = "/choices/" + c;
            JsonNode choice = n.object(choices.get(c), at);
            parts.finish(Nodes.optionalString(choice, "finish_reason"));
            parts.text(Nodes.optionalString(choice, "text"), n.at(at + "/text"));
            JsonNode logprobs = Nodes.optional(choice, "logprobs");
            if (logprobs == null) continue;
            parts.logprobs(logprobs.has("content")
                    ? TokenEntries.read(n, n.array(logprobs, "content", at + "/logprobs"), at + "/logprobs/content")
                    : readArrays(n, logprobs, at + "/logprobs", parts.tokens.isEmpty(), offsets));
        }
        parts.requireLogprobs(file, "logprobs: K");
        List<ApiToken> tokens = parts.tokens;
        String fullText = parts.text();
        boolean echoed = !tokens.isEmpty() && tokens.getFirst().logprob() == null;
        if (!echoed) return parts.response(ApiFormat.OPENAI_COMPLETIONS, null, true);
        if (promptTokens == null || promptTokens < 1 || promptTokens > tokens.size())
            throw new BadInputException(file, tokens.getFirst().place(), "the first token has no logprob, so the prompt"
                    + " was echoed, but usage.prompt_tokens (" + promptTokens + ") does not say how many of the "
                    + tokens.size() + " tokens are the prompt's");
        String prompt = promptText(fullText, offsets, promptTokens);
        return new ApiResponse(ApiFormat.OPENAI_COMPLETIONS, parts.model(), parts.finishReason(), prompt,
                tokens.subList(0, promptTokens), tokens.subList(promptTokens, tokens.size()), fullText, parts.textPlace());
    }

    /** The echoed prompt: the response text up to the first completion token's text_offset (code points). */
    private static String promptText(String text, List<Integer> offsets, int promptTokens) {
        if (text == null) return null;
        int cps = text.codePointCount(0, text.length());
        int end = promptTokens < offsets.size() ? offsets.get(promptTokens) - offsets.getFirst() : cps;
        if (end < 0 || end > cps) return null;
        return text.substring(0, text.offsetByCodePoints(0, end));
    }

    /**
     * The parallel arrays of the legacy shape; every array must have one entry per token. Only the response's very
     * first token ({@code first}) may lack a logprob (an echoed prompt's first token).
     */
    private static List<ApiToken> readArrays(Nodes n, JsonNode logprobs, String at, boolean first, List<Integer> offsets) {
        List<ApiToken> tokens = new ArrayList<>();
        JsonNode texts = n.array(logprobs, "tokens", at);
        JsonNode lps = n.array(logprobs, "token_logprobs", at);
        JsonNode tops = Nodes.optional(logprobs, "top_logprobs");
        JsonNode textOffsets = Nodes.optional(logprobs, "text_offset");
        int count = texts.size();
        requireLength(n, lps, count, at + "/token_logprobs");
        if (tops != null) requireLength(n, tops, count, at + "/top_logprobs");
        if (textOffsets != null) requireLength(n, textOffsets, count, at + "/text_offset");
        for (int i = 0; i < count; i++) {
            String tokenAt = at + "/tokens/" + i;
            if (!texts.get(i).isString()) throw n.bad(tokenAt, "must be a string");
            Double logprob = lps.get(i).isNull() && first && i == 0 ? null : n.logprob(lps.get(i), at + "/token_logprobs/" + i);
            List<ApiToken.Candidate> alternatives = new ArrayList<>();
            JsonNode top = tops == null ? null : tops.get(i);
            if (top != null && !top.isNull()) {
                if (!top.isObject()) throw n.bad(at + "/top_logprobs/" + i, "must be an object of token: logprob");
                for (Iterator<Map.Entry<String, JsonNode>> it = top.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> alt = it.next();
                    double lp = n.logprob(alt.getValue(), at + "/top_logprobs/" + i + "/" + alt.getKey());
                    alternatives.add(new ApiToken.Candidate(Nodes.textBytes(alt.getKey()), null, lp));
                }
            }
            if (textOffsets != null) {
                JsonNode o = textOffsets.get(i);
                if (!o.isIntegralNumber() || o.asInt() < 0 || (!offsets.isEmpty() && o.asInt() < offsets.getLast()))
                    throw n.bad(at + "/text_offset/" + i, "must be a non-decreasing character offset");
                offsets.add(o.asInt());
            }
            tokens.add(new ApiToken(Nodes.textBytes(texts.get(i).asString()), null, logprob, alternatives, n.at(tokenAt)));
        }
        return tokens;
    }

    private static void requireLength(Nodes n, JsonNode array, int count, String at) {
        if (!array.isArray()) throw n.bad(at, "must be an array");
        if (array.size() != count) throw n.bad(at, "has " + array.size() + " entries but tokens has " + count);
    }
}
