package org.tokenheatmap.importer;

import java.util.List;

/**
 * One token of an API response, format-neutral: its bytes, the provider's id (null when the API gives none), its
 * logprob (null only for the first token of an echoed prompt, which nothing predicts), the alternatives the API
 * listed at its position, and where it is in the file (for error messages).
 */
record ApiToken(byte[] bytes, Integer id, Double logprob, List<Candidate> alternatives, String place) {

    /** One listed alternative at a position. */
    record Candidate(byte[] bytes, Integer id, double logprob) {}

    ApiToken {
        alternatives = List.copyOf(alternatives);
    }
}
