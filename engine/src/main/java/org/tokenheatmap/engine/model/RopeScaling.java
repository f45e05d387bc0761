package org.tokenheatmap.engine.model;

/**
 * How rotary frequencies are adjusted for long context. {@code None} is the plain schedule; {@code Linear} divides
 * positions by a factor (GGUF {@code rope.scaling.type = linear}); {@code PerFrequency} divides each pair's frequency
 * by its own factor, which is how GGUF stores Llama 3.1/3.2 scaling (the {@code rope_freqs.weight} tensor) and how
 * we precompute it from the llama3 parameters when only those are given.
 */
public sealed interface RopeScaling {

    record None() implements RopeScaling {}

    record Linear(float factor) implements RopeScaling {}

    record PerFrequency(float[] factors) implements RopeScaling {}

    /**
     * Llama 3.1 frequency factors from its scaling parameters (Meta's reference {@code apply_scaling}): long wavelengths
     * are slowed by {@code factor}, short ones kept, the band between interpolated smoothly.
     */
    static PerFrequency llama3(int ropeDim, float theta, float factor, float lowFreqFactor, float highFreqFactor,
                               int originalContext) {
        float[] factors = new float[ropeDim / 2];
        double lowWavelen = originalContext / lowFreqFactor;
        double highWavelen = originalContext / highFreqFactor;
        for (int i = 0; i < factors.length; i++) {
            double freq = 1.0 / Math.pow(theta, (2.0 * i) / ropeDim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                factors[i] = 1f;
            } else if (wavelen > lowWavelen) {
                factors[i] = factor;
            } else {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                // scaled freq = (1 - smooth) * freq / factor + smooth * freq, expressed as a divisor of freq
                factors[i] = (float) (1.0 / ((1 - smooth) / factor + smooth));
            }
        }
        return new PerFrequency(factors);
    }
}
