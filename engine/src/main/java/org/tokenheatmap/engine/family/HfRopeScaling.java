package org.tokenheatmap.engine.family;

import org.tokenheatmap.engine.model.RopeScaling;
import tools.jackson.databind.JsonNode;

/** {@code config.json}'s {@code rope_scaling}, as transformers applies it. */
final class HfRopeScaling {

    private HfRopeScaling() {}

    /** None, {@code linear} or {@code llama3}; other kinds (yarn, longrope, dynamic) are refused by name. */
    static RopeScaling parse(HfConfig hf, int rotaryDims, float theta) {
        JsonNode scaling = hf.node("rope_scaling");
        if (scaling == null || scaling.isNull()) return new RopeScaling.None();
        HfConfig s = hf.nested("rope_scaling").orElseThrow();
        String type = s.string("rope_type").or(() -> s.string("type")).orElse("default");
        return switch (type) {
            case "default" -> new RopeScaling.None();
            case "linear" -> new RopeScaling.Linear((float) s.positive("factor", 1e6, 1.0));
            case "llama3" -> new RopeScaling.PerFrequency(llama3Factors(s, rotaryDims, theta));
            default -> throw hf.bad("rope_scaling", "rope scaling '" + type + "' is not supported (default, linear, llama3)");
        };
    }

    /**
     * Llama 3.1's per-frequency divisors, computed as llama.cpp's converter does when it writes GGUF's
     * {@code rope_freqs.weight}: high frequencies keep their value, low ones are divided by {@code factor}, and the
     * band between is interpolated smoothly by wavelength.
     */
    static float[] llama3Factors(HfConfig s, int rotaryDims, float theta) {
        double factor = s.positive("factor", 1e6, 8.0);
        double lowFreqFactor = s.positive("low_freq_factor", 1e6, 1.0);
        double highFreqFactor = s.positive("high_freq_factor", 1e6, 4.0);
        if (highFreqFactor <= lowFreqFactor) throw s.bad("high_freq_factor", "must exceed low_freq_factor " + lowFreqFactor);
        double oldContext = s.positive("original_max_position_embeddings", 1 << 24, 8192);
        double lowFreqWavelen = oldContext / lowFreqFactor;
        double highFreqWavelen = oldContext / highFreqFactor;
        float[] factors = new float[rotaryDims / 2];
        for (int i = 0; i < factors.length; i++) {
            double wavelen = 2 * Math.PI * Math.pow(theta, 2.0 * i / rotaryDims);
            double f;
            if (wavelen < highFreqWavelen) f = 1;
            else if (wavelen > lowFreqWavelen) f = factor;
            else {
                double smooth = (oldContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                f = 1 / ((1 - smooth) / factor + smooth);
            }
            factors[i] = (float) f;
        }
        return factors;
    }
}
