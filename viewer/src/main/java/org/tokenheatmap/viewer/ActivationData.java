package org.tokenheatmap.viewer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * Per-(step, layer, submodule) entries held as primitive columns, sliced into layer × step matrices: an activation
 * trace (activation.schema.json: l2_norm, mean_abs, sparsity, top_neurons) or an activation diff
 * (activation-diff.schema.json: l2, cosine, top_changed_neurons) — see {@link Kind}.
 */
public record ActivationData(Path file, Kind kind, JsonNode metadata, List<String> submodules, int[] layers, List<Step> steps) {

    /** A file kind's metric names (in {@link Step#metrics()} order) and how the API names its top neurons. */
    public record Kind(List<String> metrics, String topNeurons, String topValue) {
        public static final Kind ACTIVATIONS = new Kind(List.of("l2_norm", "mean_abs", "sparsity"), "top_neurons", "value");
        public static final Kind DIFF = new Kind(List.of("l2", "cosine"), "top_changed_neurons", "delta");

        public int metric(String name) {
            int i = metrics.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("unknown metric '" + name + "' " + metrics);
            return i;
        }
    }

    /**
     * One step's entries; {@code submodule[i]} indexes {@link #submodules()}; top neurons are flattened with offsets.
     * For a diff, {@code tokenId}/{@code decodedTextOffset} are trace A's and {@code tokenIdB} trace B's.
     */
    public record Step(int tokenId, int tokenIdB, int decodedTextOffset, String sidecarRef, int[] layer, int[] submodule,
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
    public ObjectNode matrix(String submodule, String metricName) {
        int sub = submoduleId(submodule);
        int metric = kind.metric(metricName);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("submodule", submodule).put("metric", metricName).put("steps", steps.size());
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
                    float v = step.metrics[metric][i];
                    row.add(v);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        out.put("min", Double.isFinite(min) ? min : 0).put("max", Double.isFinite(max) ? max : 0);
        return out;
    }

    /** Per step: token ids (A and B for a diff) and offsets, for lining tokens up with matrix columns. */
    public ObjectNode tokens() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode a = out.putArray("token_id"), b = out.putArray("token_id_b"), off = out.putArray("decoded_text_offset");
        for (Step s : steps) {
            a.add(s.tokenId);
            b.add(s.tokenIdB);
            off.add(s.decodedTextOffset);
        }
        return out;
    }

    /** One (step, layer, submodule) cell: metrics, top neurons, and whether a sidecar holds the raw vector. */
    public ObjectNode cell(int stepIndex, int layer, String submodule) {
        Step step = steps.get(stepIndex);
        int i = step.find(layer, submoduleId(submodule));
        if (i < 0) throw new IllegalArgumentException("step " + stepIndex + " has no entry for layer " + layer + " " + submodule);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("step", stepIndex).put("layer", layer).put("submodule", submodule);
        for (int m = 0; m < kind.metrics().size(); m++) out.put(kind.metrics().get(m), step.metrics[m][i]);
        ArrayNode top = out.putArray(kind.topNeurons());
        for (int t = step.topStart[i]; t < step.topStart[i + 1]; t++) {
            top.addObject().put("index", step.topIndex[t]).put(kind.topValue(), step.topValue[t]);
        }
        out.put("activation_sidecar_ref", step.sidecarRef);
        return out;
    }
}
