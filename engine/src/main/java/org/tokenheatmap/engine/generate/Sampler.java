package org.tokenheatmap.engine.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Chooses tokens from logits according to {@link SamplingOptions}; stateful only through its seeded generator. */
public final class Sampler {

    private final SamplingOptions options;
    private final SplittableRandom random;
    private float[] probabilities = new float[0];
    private long[] keys = new long[0];

    public Sampler(SamplingOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    public SamplingOptions options() {
        return options;
    }

    /** The chosen token for these logits (the first {@code vocab} entries). */
    public int sample(float[] logits, int vocab) {
        if (options.isGreedy()) return argmax(logits, vocab);
        Candidates c = filter(logits, vocab);
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < c.size(); i++) {
            cumulative += c.probabilities()[i];
            if (u < cumulative) return c.tokens()[i];
        }
        return c.tokens()[c.size() - 1];
    }

    public static int argmax(float[] logits, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /** The distribution {@link #sample} draws from (temperature, top-k, top-p, min-p applied; not for greedy). */
    public Candidates filter(float[] logits, int vocab) {
        if (options.isGreedy()) throw new IllegalStateException("greedy sampling has no distribution to filter");
        ensureCapacity(vocab);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            float p = (float) Math.exp((logits[i] - max) / options.temperature());
            probabilities[i] = p;
            sum += p;
        }
        // min-p depends only on the maximum, so it prunes before sorting; the most likely token's probability is 1/sum.
        float floor = (float) (options.minP() / sum);
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float p = (float) (probabilities[i] / sum);
            probabilities[i] = p;
            if (p >= floor) {
                // non-negative floats order like their bit patterns, so (bits << 32 | ~index) sorts by probability
                keys[n++] = ((long) Float.floatToRawIntBits(p) << 32) | (~i & 0xffffffffL);
            }
        }
        Arrays.sort(keys, 0, n);
        int keep = options.topK() > 0 ? Math.min(options.topK(), n) : n;
        if (options.topP() < 1f) {
            double mass = 0;
            for (int r = 0; r < keep; r++) {
                mass += probabilities[tokenAt(n - 1 - r)];
                if (mass >= options.topP()) {
                    keep = r + 1;
                    break;
                }
            }
        }
        int[] tokens = new int[keep];
        float[] probs = new float[keep];
        double kept = 0;
        for (int r = 0; r < keep; r++) {
            tokens[r] = tokenAt(n - 1 - r);
            kept += probabilities[tokens[r]];
        }
        for (int r = 0; r < keep; r++) probs[r] = (float) (probabilities[tokens[r]] / kept);
        return new Candidates(tokens, probs);
    }

    private int tokenAt(int sortedIndex) {
        return ~(int) keys[sortedIndex];
    }

    private void ensureCapacity(int vocab) {
        if (probabilities.length < vocab) {
            probabilities = new float[vocab];
            keys = new long[vocab];
        }
    }
}
