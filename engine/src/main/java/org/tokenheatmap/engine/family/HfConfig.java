package org.tokenheatmap.engine.family;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Hugging Face {@code config.json}, read strictly: duplicate keys are refused, and every value must have the type
 * and range transformers expects ({@code "rope_theta": "abc"}, {@code "tie_word_embeddings": "yes"} or a negative
 * factor are errors naming the key), before anything is sized by it.
 *
 * @param pointer JSON pointer of {@code json} within the file ({@code ""}, or {@code "/text_config"} for a
 *                multimodal model's text part)
 */
public record HfConfig(Path file, JsonNode json, String pointer) {

    private static final JsonMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** config.json files are a few KB; a bigger one is not a model configuration. */
    private static final long MAX_BYTES = 16 << 20;

    public static HfConfig read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) throw new BadInputException(file, "", "is " + size + " bytes; a model configuration is far smaller");
            JsonNode node = STRICT.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) throw new BadInputException(file, "", "must be a JSON object");
            return new HfConfig(file, node, "");
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file, "", "cannot read: " + e.getMessage());
        }
    }

    /** The nested object at {@code key} (e.g. {@code text_config}), as a config of its own. */
    public Optional<HfConfig> nested(String key) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) throw bad(key, "must be an object");
        return Optional.of(new HfConfig(file, v, pointer + "/" + key));
    }

    public String modelType() {
        return string("model_type").orElse("");
    }

    public boolean has(String key) {
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    public JsonNode node(String key) {
        return json.get(key);
    }

    /** A required positive integer (a count or width) up to {@code 2^24}. */
    public int count(String key) {
        if (!has(key)) throw bad(key, "is missing");
        return checkedCount(key, json.get(key));
    }

    public int count(String key, int defaultValue) {
        return has(key) ? count(key) : defaultValue;
    }

    private int checkedCount(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > GgufHyperparameters.MAX_COUNT) {
            throw bad(key, "must be an integer between 1 and " + GgufHyperparameters.MAX_COUNT + ", was " + v);
        }
        return v.intValue();
    }

    /** An optional number in {@code (0, max]}. */
    public double positive(String key, double max, double defaultValue) {
        if (!has(key)) return defaultValue;
        double v = number(key);
        if (!(v > 0) || v > max) throw bad(key, "must be positive and at most " + max + ", was " + v);
        return v;
    }

    /** An optional epsilon in {@code (0, 1)}. */
    public double epsilon(String key, double defaultValue) {
        double v = has(key) ? number(key) : defaultValue;
        if (!(v > 0) || v >= 1) throw bad(key, "must be in (0, 1), was " + v);
        return v;
    }

    /** An optional soft-cap: absent or null is none (0); otherwise positive and finite. */
    public double softCap(String key, double defaultValue) {
        if (!json.has(key)) return defaultValue;
        if (json.get(key).isNull()) return 0;
        double v = number(key);
        if (!(v > 0) || Double.isInfinite(v)) throw bad(key, "must be positive and finite or null, was " + v);
        return v;
    }

    public double number(String key) {
        JsonNode v = json.get(key);
        if (v == null || !v.isNumber()) throw bad(key, "must be a number, was " + v);
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw bad(key, "must be finite, was " + v);
        return d;
    }

    public boolean bool(String key, boolean defaultValue) {
        if (!has(key)) return defaultValue;
        JsonNode v = json.get(key);
        if (!v.isBoolean()) throw bad(key, "must be true or false, was " + v);
        return v.booleanValue();
    }

    public Optional<String> string(String key) {
        if (!has(key)) return Optional.empty();
        JsonNode v = json.get(key);
        if (!v.isString()) throw bad(key, "must be a string, was " + v);
        return Optional.of(v.stringValue());
    }

    /**
     * The dtype the checkpoint declares ({@code torch_dtype}, or {@code dtype} in newer files), lower case, or
     * {@code float32} when absent.
     */
    public String dtype() {
        Optional<String> d = string("torch_dtype").or(() -> string("dtype"));
        return d.map(s -> s.toLowerCase(Locale.ROOT).replace("torch.", "")).orElse("float32");
    }

    /**
     * Per-layer attention kinds from {@code layer_types} ({@code sliding_attention} / {@code full_attention}), if the
     * file lists them; {@code true} marks a sliding layer.
     */
    public Optional<boolean[]> slidingLayerTypes(int layers) {
        if (!has("layer_types")) return Optional.empty();
        JsonNode types = json.get("layer_types");
        if (!types.isArray() || types.size() != layers) throw bad("layer_types", "must list one type per layer (" + layers + ")");
        boolean[] sliding = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            String t = types.get(l).asString("");
            sliding[l] = switch (t) {
                case "sliding_attention" -> true;
                case "full_attention" -> false;
                default -> throw bad("layer_types/" + l, "must be sliding_attention or full_attention, was " + types.get(l));
            };
        }
        return Optional.of(sliding);
    }

    public BadInputException bad(String key, String why) {
        return new BadInputException(file, pointer + "/" + key, why);
    }
}
