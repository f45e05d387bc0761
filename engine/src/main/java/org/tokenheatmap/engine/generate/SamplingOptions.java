package org.tokenheatmap.engine.generate;

/**
 * How the next token is chosen. Temperature 0 is greedy (argmax, ties to the lowest id). Otherwise logits are divided
 * by the temperature, softmaxed, and then filtered in llama.cpp's order: top-k (keep the k most likely; 0 = off),
 * top-p (keep the smallest most-likely prefix whose mass reaches p; 1 = off), min-p (keep tokens with probability at
 * least minP times the most likely one's; 0 = off). The survivors are renormalised and drawn with a generator seeded
 * by {@code seed}: the same seed and logits give the same tokens.
 */
public record SamplingOptions(float temperature, int topK, float topP, float minP, long seed) {

    public SamplingOptions {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, was " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], was " + topP);
        if (!(minP >= 0 && minP <= 1)) throw new IllegalArgumentException("min-p must be in [0, 1], was " + minP);
    }

    public static SamplingOptions greedy() {
        return new SamplingOptions(0f, 0, 1f, 0f, 0L);
    }

    /** Plain sampling at {@code temperature} with no filters. */
    public static SamplingOptions temperature(float temperature, long seed) {
        return new SamplingOptions(temperature, 0, 1f, 0f, seed);
    }

    public SamplingOptions withTopK(int k) {
        return new SamplingOptions(temperature, k, topP, minP, seed);
    }

    public SamplingOptions withTopP(float p) {
        return new SamplingOptions(temperature, topK, p, minP, seed);
    }

    public SamplingOptions withMinP(float p) {
        return new SamplingOptions(temperature, topK, topP, p, seed);
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }
}
