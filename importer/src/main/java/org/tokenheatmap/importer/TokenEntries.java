package org.tokenheatmap.importer;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The per-token entry that OpenAI Chat Completions introduced and others copied: {@code token}, {@code logprob},
 * {@code bytes}, {@code top_logprobs} (a list of {@code token}/{@code logprob}/{@code bytes}). llama.cpp's server adds
 * {@code id}, and with {@code post_sampling_probs} writes {@code prob}/{@code top_probs} instead of logprobs.
 */
final class TokenEntries {
    private TokenEntries() {}

    /** Every entry of {@code entries} (an array at {@code pointer}) as tokens. */
    static List<ApiToken> read(Nodes n, JsonNode entries, String pointer) {
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) tokens.add(entry(n, n.object(entries.get(i), pointer + "/" + i), pointer + "/" + i));
        return tokens;
    }

    static ApiToken entry(Nodes n, JsonNode e, String at) {
        boolean probs = !e.has("logprob") && e.has("prob");
        double logprob = probs ? n.probability(e, "prob", at) : n.logprob(e, "logprob", at);
        String topField = probs || e.has("top_probs") ? "top_probs" : "top_logprobs";
        List<ApiToken.Candidate> alternatives = new ArrayList<>();
        JsonNode top = Nodes.optional(e, topField);
        if (top != null) {
            if (!top.isArray()) throw n.bad(at + "/" + topField, "must be an array");
            for (int k = 0; k < top.size(); k++) {
                String altAt = at + "/" + topField + "/" + k;
                JsonNode alt = n.object(top.get(k), altAt);
                double altLogprob = alt.has("prob") && !alt.has("logprob") ? n.probability(alt, "prob", altAt) : n.logprob(alt, "logprob", altAt);
                alternatives.add(new ApiToken.Candidate(n.tokenBytes(alt, "token", altAt), n.optionalId(alt, "id", altAt), altLogprob));
            }
        }
        return new ApiToken(n.tokenBytes(e, "token", at), n.optionalId(e, "id", at), logprob, alternatives, n.at(at));
    }
}
