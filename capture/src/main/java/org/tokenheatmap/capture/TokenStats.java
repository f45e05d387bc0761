package org.tokenheatmap.capture;

/**
 * Statistics of one next-token distribution, computed straight from the logits buffer in two passes: log-sum-exp,
 * entropy (nats, full vocabulary) and the top-k alternatives in one, the target's rank in the other. Reusable: one
 * instance per capture, no per-token allocation of vocabulary-sized arrays.
 */
final class TokenStats {
    private final TopK top;
    private final int[] topIds;
    private int topCount;
    private double logSumExp;
    private double entropy;
    private float[] logits;
    private int offset;

    TokenStats(int topAlternatives) {
        this.top = new TopK(topAlternatives);
        this.topIds = new int[topAlternatives];
    }

    /** Analyses {@code logits[offset, offset + vocab)}; valid until the next call. */
    void analyse(float[] logits, int offset, int vocab) {
        this.logits = logits;
        this.offset = offset;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        // H = log Z - E[l - max], with Z = sum exp(l - max): one pass gives both sums.
        double z = 0, weighted = 0;
        top.clear();
        for (int i = 0; i < vocab; i++) {
            float l = logits[offset + i];
            double e = Math.exp(l - max);
            z += e;
            weighted += e * (l - max);
            if (top.wouldAccept(l)) top.offer(i, l);
        }
        double logZ = Math.log(z);
        logSumExp = max + logZ;
        entropy = Math.max(0, logZ - weighted / z);
        topCount = top.drainDescending(topIds);
    }

    double logprob(int token) {
        return logits[offset + token] - logSumExp;
    }

    double entropy() {
        return entropy;
    }

    /** 1 + the number of tokens with a strictly higher logit (ties share the better rank). */
    int rank(int token, int vocab) {
        float target = logits[offset + token];
        int higher = 0;
        for (int i = 0; i < vocab; i++) if (logits[offset + i] > target) higher++;
        return higher + 1;
    }

    int topCount() {
        return topCount;
    }

    int topId(int r) {
        return topIds[r];
    }
}
