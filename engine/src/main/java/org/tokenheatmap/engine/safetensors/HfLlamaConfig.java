package org.tokenheatmap.engine.safetensors;

import java.nio.file.Path;
import java.util.Set;
import org.tokenheatmap.engine.model.LlamaConfig;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

/**
 * A Hugging Face {@code config.json} of a Llama or Mistral model, as our {@link LlamaConfig} plus whether the output
 * projection reuses the embedding. Defaults are those of transformers' {@code LlamaConfig}.
 */
record HfLlamaConfig(LlamaConfig llama, boolean tiedEmbeddings) {

    private static final Set<String> MODEL_TYPES = Set.of("llama", "mistral");

    static HfLlamaConfig parse(Path file, JsonNode json) {
        String type = json.path("model_type").asString("");
        if (!MODEL_TYPES.contains(type)) {
            throw new BadInputException(file, "/model_type", "model type '" + type + "' is not supported " + MODEL_TYPES);
        }
        int dim = requiredInt(file, json, "hidden_size");
        int heads = requiredInt(file, json, "num_attention_heads");
        int headDim = json.has("head_dim") && !json.get("head_dim").isNull() ? requiredInt(file, json, "head_dim")
                : heads > 0 ? dim / heads : 0;
        if (headDim * heads != dim) {
            throw new BadInputException(file, "/head_dim", "head_dim " + headDim + " x " + heads
                    + " heads must equal hidden_size " + dim + " (other projections are not supported)");
        }
        float theta = (float) json.path("rope_theta").asDouble(10000.0);
        try {
            LlamaConfig llama = new LlamaConfig(type, dim, requiredInt(file, json, "intermediate_size"),
                    requiredInt(file, json, "num_hidden_layers"), heads,
                    json.has("num_key_value_heads") ? requiredInt(file, json, "num_key_value_heads") : heads,
                    requiredInt(file, json, "vocab_size"), requiredInt(file, json, "max_position_embeddings"),
                    headDim, theta, ropeScaling(file, json.get("rope_scaling"), headDim, theta),
                    (float) json.path("rms_norm_eps").asDouble(1e-6),
                    // transformers' Llama has no sliding window: it ignores the key, so we do too.
                    type.equals("mistral") ? slidingWindow(file, json) : LlamaConfig.NO_SLIDING_WINDOW);
            return new HfLlamaConfig(llama, json.path("tie_word_embeddings").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "", e.getMessage());
        }
    }

    private static int requiredInt(Path file, JsonNode json, String key) {
        JsonNode v = json.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadInputException(file, "/" + key, "must be an integer, was " + v);
        }
        return v.intValue();
    }

    /** Mistral's {@code sliding_window}: a positive integer, or null/absent for full causal attention. */
    private static int slidingWindow(Path file, JsonNode json) {
        JsonNode v = json.get("sliding_window");
        if (v == null || v.isNull()) return LlamaConfig.NO_SLIDING_WINDOW;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() <= 0) {
            throw new BadInputException(file, "/sliding_window", "must be a positive integer or null, was " + v);
        }
        return v.intValue();
    }

    private static RopeScaling ropeScaling(Path file, JsonNode scaling, int ropeDim, float theta) {
        if (scaling == null || scaling.isNull()) return new RopeScaling.None();
        String type = scaling.has("rope_type") ? scaling.get("rope_type").asString("") : scaling.path("type").asString("");
        return switch (type) {
            case "default" -> new RopeScaling.None();
            case "linear" -> new RopeScaling.Linear((float) scaling.path("factor").asDouble(1.0));
            case "llama3" -> new RopeScaling.PerFrequency(llama3Factors(scaling, ropeDim, theta));
            default -> throw new BadInputException(file, "/rope_scaling", "rope scaling '" + type
                    + "' is not supported (default, linear, llama3)");
        };
    }

    /**
     * Llama 3.1's per-frequency divisors, computed as llama.cpp's converter does when it writes GGUF's
     * {@code rope_freqs.weight}: high frequencies keep their value, low ones are divided by {@code factor}, and the
     * band between is interpolated smoothly by wavelength.
     */
    static float[] llama3Factors(JsonNode s, int ropeDim, float theta) {
        double factor = s.path("factor").asDouble(8.0);
        double lowFreqFactor = s.path("low_freq_factor").asDouble(1.0);
        double highFreqFactor = s.path("high_freq_factor").asDouble(4.0);
        double oldContext = s.path("original_max_position_embeddings").asDouble(8192);
        double lowFreqWavelen = oldContext / lowFreqFactor;
        double highFreqWavelen = oldContext / highFreqFactor;
        float[] factors = new float[ropeDim / 2];
        for (int i = 0; i < factors.length; i++) {
            double wavelen = 2 * Math.PI * Math.pow(theta, 2.0 * i / ropeDim);
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
