package org.tokenheatmap.engine.generate;

import org.tokenheatmap.engine.model.InferenceSession;

/**
 * Teacher-forced scoring: runs a whole sequence as one prefill and reports, for every token after the first, the
 * model's log-probability of it given everything before. Hooks on the session fire per position as usual.
 */
public final class Scorer {

    private Scorer() {}

    /** Per-position result for {@code tokens[position]}, predicted from the logits at {@code position - 1}. */
    public record ScoredToken(int position, int token, double logProbability, int rank) {}

    /** @param listener also sees every position's logits (e.g. for capture); may be null */
    public static ScoredToken[] score(InferenceSession session, int[] tokens,
                                      org.tokenheatmap.engine.model.LogitsSink listener) {
        if (tokens.length < 2) throw new IllegalArgumentException("scoring needs at least two tokens");
        int vocab = session.vocabSize();
        int first = session.position();
        ScoredToken[] scored = new ScoredToken[tokens.length - 1];
        session.prefill(tokens, (position, logits, offset) -> {
            if (listener != null) listener.accept(position, logits, offset);
            int index = position - first;
            if (index + 1 >= tokens.length) return;
            int next = tokens[index + 1];
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
            double sum = 0;
            int rank = 0;
            float target = logits[offset + next];
            for (int i = 0; i < vocab; i++) {
                sum += Math.exp(logits[offset + i] - max);
                if (logits[offset + i] > target) rank++;
            }
            scored[index] = new ScoredToken(position + 1, next, target - max - Math.log(sum), rank);
        });
        return scored;
    }
}
