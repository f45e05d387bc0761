package org.tokenheatmap.capture;

/**
 * Statistics of one next-token distribution, computed straight from the logits buffer with the vectorised row passes
 * of {@link RowStats}: the maximum (with block maxima), then log-sum-exp and entropy (nats, full vocabulary) in one
 * pass, the top-k alternatives from a threshold-pruned selection, and the target's rank by a vectorised count.
 * Reusable: one instance per capture, no per-token allocation.
 */
final class TokenStats {
    private final TopSelection top;
    private final int[] topIds;
    private final RowStats.ExpMoments moments = new RowStats.ExpMoments();
    private float[] blockMax = new float[0];
    private int topCount;
    private double logSumExp;
    private double entropy;
    private float[] logits;
    private int offset;

    TokenStats(int topAlternatives) {
        this.top = new TopSelection(topAlternatives);
        this.topIds = new int[topAlternatives];
    }

    /** Analyses {@code logits[offset, offset + vocab)}; valid until the next call. */
    void analyse(float[] logits, int offset, int vocab) {
        this.logits = logits;
        this.offset = offset;
        if (blockMax.length < RowStats.blocks(vocab)) blockMax = new float[RowStats.blocks(vocab)];
        float max = RowStats.max(logits, offset, vocab, blockMax);
        // H = log Z - E[l - max], with Z = sum exp(l - max): one pass gives both sums.
        RowStats.expMoments(logits, offset, vocab, max, moments);
        double logZ = Math.log(moments.sum);
        logSumExp = max + logZ;
        entropy = Math.max(0, logZ - moments.weighted / moments.sum);
        topCount = RowStats.top(logits, offset, vocab, blockMax, top, topIds);
    }

    double logprob(int token) {
        return logits[offset + token] - logSumExp;
    }

    double entropy() {
        return entropy;
    }

    /** 1 + the number of tokens with a strictly higher logit (ties share the better rank). */
    int rank(int token, int vocab) {
        return RowStats.countAbove(logits, offset, vocab, logits[offset + token]) + 1;
    }

    int topCount() {
        return topCount;
    }

    int topId(int r) {
        return topIds[r];
    }
}
