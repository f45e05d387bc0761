package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Gemini {@code generateContent} with {@code generationConfig: {responseLogprobs: true, logprobs: K}}, as the Gemini
 * API reference defines it:
 * <ul>
 *   <li>{@code {candidates: [{content: {parts: [{text}]}, finishReason, logprobsResult}], modelVersion}};</li>
 *   <li>{@code logprobsResult} is {@code {chosenCandidates: [Candidate], topCandidates: [{candidates: [Candidate]}],
 *       logProbabilitySum}}, both lists one entry per decoding step; "the chosen candidates may or may not be in
 *       top_candidates"; a Candidate is {@code {token, tokenId, logProbability}};</li>
 *   <li>{@code streamGenerateContent} gives the same response in pieces: server-sent events with {@code alt=sse}, else
 *       a JSON array of responses.</li>
 * </ul>
 * Token texts come from a SentencePiece vocabulary, so a byte-fallback token may read {@code <0xE2>}. Parts marked
 * {@code thought} are not part of the answer's text.
 */
final class GeminiReader implements ApiFormat.Reader {

    @Override
    public ApiResponse read(Path file, List<Chunk> chunks) {
        ResponseParts parts = new ResponseParts();
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            parts.model(Nodes.optionalString(root, "modelVersion"));
            JsonNode candidates = Nodes.optional(root, "candidates");
            if (candidates == null || candidates.isEmpty()) continue;
            JsonNode candidate = n.object(candidates.get(0), "/candidates/0");
            parts.finish(Nodes.optionalString(candidate, "finishReason"));
            JsonNode content = Nodes.optional(Nodes.optional(candidate, "content"), "parts");
            for (int i = 0; content != null && i < content.size(); i++) {
                if (!content.get(i).path("thought").asBoolean(false))
                    parts.text(Nodes.optionalString(content.get(i), "text"), n.at("/candidates/0/content/parts/" + i + "/text"));
            }
            JsonNode result = Nodes.optional(candidate, "logprobsResult");
            if (result != null) parts.logprobs(steps(n, result, "/candidates/0/logprobsResult"));
        }
        parts.requireLogprobs(file, "generationConfig.responseLogprobs: true and logprobs: K");
        return parts.response(ApiFormat.GEMINI, null, true);
    }

    private static List<ApiToken> steps(Nodes n, JsonNode result, String at) {
        JsonNode chosen = n.array(result, "chosenCandidates", at);
        JsonNode top = Nodes.optional(result, "topCandidates");
        if (top != null && (!top.isArray() || top.size() != chosen.size()))
            throw n.bad(at + "/topCandidates", "must have one entry per chosen candidate (" + chosen.size() + ")");
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            String tokenAt = at + "/chosenCandidates/" + i;
            JsonNode c = n.object(chosen.get(i), tokenAt);
            List<ApiToken.Candidate> alternatives = new ArrayList<>();
            if (top != null) {
                String listAt = at + "/topCandidates/" + i;
                JsonNode list = n.array(n.object(top.get(i), listAt), "candidates", listAt);
                for (int k = 0; k < list.size(); k++) {
                    String altAt = listAt + "/candidates/" + k;
                    JsonNode alt = n.object(list.get(k), altAt);
                    alternatives.add(new ApiToken.Candidate(Nodes.textBytes(n.string(alt, "token", altAt)),
                            n.optionalId(alt, "tokenId", altAt), n.logprob(alt, "logProbability", altAt)));
                }
            }
            tokens.add(new ApiToken(Nodes.textBytes(n.string(c, "token", tokenAt)), n.optionalId(c, "tokenId", tokenAt),
                    n.logprob(c, "logProbability", tokenAt), alternatives, n.at(tokenAt)));
        }
        return tokens;
    }
}
