package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;

/** Rules of activation.schema.json that the schema cannot state. */
final class ActivationTraceRules implements SemanticRules {
    /** Beyond this a num_layers is implausible and not expanded into a default layer list. */
    private static final long MAX_DEFAULT_LAYERS = 4096;

    @Override
    public StepRules begin(Path file, JsonNode doc, Problems problems) {
        JsonNode meta = doc.get("activation_metadata");
        List<Long> layers = meta == null ? null : Nodes.longs(meta.get("captured_layers"));
        List<String> submodules = meta == null ? null : Nodes.strings(meta.get("captured_submodules"));
        Long numLayers = Nodes.longAt(meta, "num_layers");
        Long hiddenDim = Nodes.longAt(meta, "hidden_dim");
        Nodes.requireStrictlyAscending(layers, "/activation_metadata/captured_layers", problems);
        if (layers != null && numLayers != null) {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) >= numLayers) {
                    problems.add("/activation_metadata/captured_layers/" + i,
                            "layer " + layers.get(i) + " does not exist; num_layers is " + numLayers);
                }
            }
        }
        if (submodules != null && submodules.stream().distinct().count() != submodules.size()) {
            problems.add("/activation_metadata/captured_submodules", "has duplicates: " + submodules);
        }
        // Without captured_layers every layer counts as captured (the seed schema's default).
        List<Long> sidecarLayers = layers != null || numLayers == null || numLayers > MAX_DEFAULT_LAYERS ? layers
                : LongStream.range(0, numLayers).boxed().toList();
        SidecarChecks sidecars = new SidecarChecks(problems);
        return (index, step) -> {
            String at = "/steps/" + index;
            Nodes.requireIndex(step, "step", index, at, problems);
            checkEntries(step.get("activations"), layers, numLayers, submodules, hiddenDim, at + "/activations", problems);
            Path sidecar = SidecarRefs.resolve(file, step.get("activation_sidecar_ref"), at + "/activation_sidecar_ref", problems);
            if (sidecar != null) {
                sidecars.checkActivation(sidecar, index, sidecarLayers, at + "/activation_sidecar_ref");
            }
        };
    }

    private static void checkEntries(JsonNode entries, List<Long> layers, Long numLayers, List<String> submodules,
                                     Long hiddenDim, String at, Problems problems) {
        if (entries == null || !entries.isArray()) {
            return;
        }
        long previousLayer = -1;
        int previousSubmodule = -1;
        boolean ordered = true;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String place = at + "/" + i;
            Long layer = Nodes.longAt(entry, "layer");
            String submodule = Nodes.stringAt(entry, "submodule");
            if (layer != null && layers != null && !layers.contains(layer)) {
                problems.add(place + "/layer", "layer " + layer + " is not in activation_metadata.captured_layers " + layers);
            } else if (layer != null && layers == null && numLayers != null && layer >= numLayers) {
                problems.add(place + "/layer", "layer " + layer + " does not exist; num_layers is " + numLayers);
            }
            int submoduleIndex = submodule == null || submodules == null ? -1 : submodules.indexOf(submodule);
            if (submodule != null && submodules != null && submoduleIndex < 0) {
                problems.add(place + "/submodule", "\"" + submodule + "\" is not in activation_metadata.captured_submodules " + submodules);
            }
            if (layer != null && submoduleIndex >= 0) {
                if (ordered && (layer < previousLayer || layer == previousLayer && submoduleIndex <= previousSubmodule)) {
                    problems.add(place, "entries must be ordered layer-major, then in captured_submodules order, without repeats");
                    ordered = false; // one report per step; the entries after it are out of order relative to it too
                }
                previousLayer = layer;
                previousSubmodule = submoduleIndex;
            }
            JsonNode top = entry.get("top_neurons");
            if (top != null && top.isArray() && hiddenDim != null) {
                for (int n = 0; n < top.size(); n++) {
                    Long index = Nodes.longAt(top.get(n), "index");
                    if (index != null && index >= hiddenDim) {
                        problems.add(place + "/top_neurons/" + n + "/index", "neuron " + index + " is out of range; hidden_dim is " + hiddenDim);
                    }
                }
            }
            Nodes.requireDescending(top, "value", true, place + "/top_neurons", problems);
        }
    }
}
