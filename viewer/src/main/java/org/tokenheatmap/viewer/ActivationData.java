package org.tokenheatmap.viewer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded {@code activations.json} (activation.schema.json): per step, its (layer, submodule) summary entries as
 * primitive columns, and the step's sidecar reference. Sliced into layer × step matrices for the Activations tab.
 */
public record ActivationData(Path file, JsonNode metadata, List<String> submodules, int[] layers, List<Step> steps) {

    /** The three summary metrics of an activation entry. */
    public enum Metric {
        L2_NORM("l2_norm"), MEAN_ABS("mean_abs"), SPARSITY("sparsity");

        public final String key;

        Metric(String key) {
            this.key = key;
        }

        public static Metric of(String key) {
            for (Metric m : values()) if (m.key.equals(key)) return m;
            throw new IllegalArgumentException("unknown metric '" + key + "' (l2_norm, mean_abs, sparsity)");
        }
    }

    /** One step's entries; {@code submodule[i]} indexes {@link #submodules()}; top neurons are flattened with offsets. */
    public record Step(int tokenId, int decodedTextOffset, String sidecarRef, int[] layer, int[] submodule,
                       float[][] metrics, int[] topStart, int[] topIndex, float[] topValue) {

        int find(int layerId, int submoduleId) {
            for (int i = 0; i < layer.length; i++) if (layer[i] == layerId && submodule[i] == submoduleId) return i;
            return -1;
        }
    }

    public int submoduleId(String name) {
        int id = submodules.indexOf(name);
        if (id < 0) throw new IllegalArgumentException("submodule '" + name + "' was not captured " + submodules);
        return id;
    }

    /** {layers, steps, values[layer][step]} for one metric and submodule; a missing entry is null. */
    public ObjectNode matrix(String submodule, Metric metric) {
        int sub = submoduleId(submodule);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("submodule", submodule).put("metric", metric.key).put("steps", steps.size());
        ArrayNode layerArray = out.putArray("layers");
        ArrayNode rows = out.putArray("values");
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int layer : layers) {
            layerArray.add(layer);
            ArrayNode row = rows.addArray();
            for (Step step : steps) {
                int i = step.find(layer, sub);
                if (i < 0) {
                    row.addNull();
                } else {
                    float v = step.metrics[metric.ordinal()][i];
                    row.add(v);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        out.put("min", Double.isFinite(min) ? min : 0).put("max", Double.isFinite(max) ? max : 0);
        return out;
    }

    /** One (step, layer, submodule) cell: metrics, top neurons, and whether a sidecar holds the raw vector. */
    public ObjectNode cell(int stepIndex, int layer, String submodule) {
        Step step = steps.get(stepIndex);
        int i = step.find(layer, submoduleId(submodule));
        if (i < 0) throw new IllegalArgumentException("step " + stepIndex + " has no entry for layer " + layer + " " + submodule);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("step", stepIndex).put("layer", layer).put("submodule", submodule);
        for (Metric m : Metric.values()) out.put(m.key, step.metrics[m.ordinal()][i]);
        ArrayNode top = out.putArray("top_neurons");
        for (int t = step.topStart[i]; t < step.topStart[i + 1]; t++) {
            top.addObject().put("index", step.topIndex[t]).put("value", step.topValue[t]);
        }
        out.put("activation_sidecar_ref", step.sidecarRef);
        return out;
    }
}
