package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * llama.cpp server {@code POST /completion} with {@code n_probs: K}, as its README (tools/server) defines it:
 * <ul>
 *   <li>{@code {content, model, prompt, stop_type: eos|limit|word|none, stopping_word, completion_probabilities}};</li>
 *   <li>current shape: each {@code completion_probabilities[i]} is {@code {id, token, bytes, logprob, top_logprobs:
 *       [{id, token, bytes, logprob}]}} ({@code token} is cut to valid UTF-8, {@code bytes} are exact); with
 *       {@code post_sampling_probs: true}, {@code prob}/{@code top_probs} (probabilities in [0, 1]) instead;</li>
 *   <li>old shape (servers before the OpenAI-style rework): {@code {content, probs: [{tok_str, prob}]}} with the
 *       chosen token's text in {@code content}, its probability found among {@code probs}; a lone byte of a split
 *       character was written {@code byte: \xe2};</li>
 *   <li>streamed ({@code stream: true}): server-sent events, each {@code data: {content, completion_probabilities: [one
 *       token], stop}}, the last with {@code stop: true} and {@code stop_type}.</li>
 * </ul>
 */
final class LlamaServerReader implements ApiFormat.Reader {

    @Override
    public ApiResponse read(Path file, List<Chunk> chunks) {
        ResponseParts parts = new ResponseParts();
        String prompt = null;
        boolean stoppedByWord = false;
        for (Chunk chunk : chunks) {
            Nodes n = new Nodes(file, chunk);
            JsonNode root = n.object(n.root(), "");
            parts.model(Nodes.optionalString(root, "model"));
            if (Nodes.optionalString(root, "prompt") != null) prompt = Nodes.optionalString(root, "prompt");
            String stop = Nodes.optionalString(root, "stop_type");
            if (!"none".equals(stop)) parts.finish(stop);
            stoppedByWord |= !Nodes.optionalString(root, "stopping_word", "").isEmpty();
            parts.text(Nodes.optionalString(root, "content"), n.at("/content"));
            JsonNode probs = Nodes.optional(root, "completion_probabilities");
            if (probs == null) continue;
            if (!probs.isArray()) throw n.bad("/completion_probabilities", "must be an array");
            List<ApiToken> tokens = new ArrayList<>();
            for (int i = 0; i < probs.size(); i++) {
                String at = "/completion_probabilities/" + i;
                JsonNode entry = n.object(probs.get(i), at);
                tokens.add(entry.has("probs") && !entry.has("token") ? oldShape(n, entry, at) : TokenEntries.entry(n, entry, at));
            }
            parts.logprobs(tokens);
        }
        parts.requireLogprobs(file, "n_probs: K");
        // The content leaves out a stopping word that the probabilities may still hold, so it is no check then.
        return parts.response(ApiFormat.LLAMA_SERVER, prompt, !stoppedByWord);
    }

    /** {@code {content, probs: [{tok_str, prob}]}}: the chosen token's probability is its entry among probs. */
    private static ApiToken oldShape(Nodes n, JsonNode entry, String at) {
        byte[] chosen = Nodes.textBytes(n.string(entry, "content", at));
        JsonNode probs = n.array(entry, "probs", at);
        List<ApiToken.Candidate> alternatives = new ArrayList<>();
        Double logprob = null;
        for (int k = 0; k < probs.size(); k++) {
            String altAt = at + "/probs/" + k;
            JsonNode alt = n.object(probs.get(k), altAt);
            byte[] bytes = Nodes.textBytes(n.string(alt, "tok_str", altAt));
            double lp = n.probability(alt, "prob", altAt);
            alternatives.add(new ApiToken.Candidate(bytes, null, lp));
            if (logprob == null && Arrays.equals(bytes, chosen)) logprob = lp;
        }
        if (logprob == null)
            throw n.bad(at, "the chosen token (content) is not among probs, so its probability is unknown");
        return new ApiToken(chosen, null, logprob, alternatives, n.at(at));
    }
}
