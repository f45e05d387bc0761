package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Streams an {@code activations.json} or an activation diff into {@link ActivationData}, one step tree at a time. */
public final class ActivationLoader {
    private ActivationLoader() {
    }

    public static ActivationData load(Path file) {
        return load(file, ActivationData.Kind.ACTIVATIONS);
    }

    public static ActivationData load(Path file, ActivationData.Kind kind) {
        boolean diff = kind == ActivationData.Kind.DIFF;
        JsonNode metadata = null;
        List<String> submodules = new ArrayList<>();
        TreeSet<Integer> layers = new TreeSet<>();
        List<ActivationData.Step> steps = new ArrayList<>();
        String version = "";
        try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadInputException(file.toString(), "/", "not a JSON object");
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "steps" -> {
                        if (value != JsonToken.START_ARRAY) throw new BadInputException(file.toString(), "/steps", "expected an array");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            steps.add(step(file, kind, steps.size(), Json.MAPPER.readTree(p), submodules, layers));
                        }
                    }
                    case "activation_metadata", "alignment" -> metadata = Json.MAPPER.readTree(p);
                    case "schema_version" -> version = p.getString();
                    default -> p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new BadInputException(file.toString(), e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr(),
                    e.getOriginalMessage());
        }
        if (!version.startsWith("1.")) {
            throw new BadInputException(file.toString(), "/schema_version", "unsupported version '" + version + "' (this viewer reads 1.x)");
        }
        if (metadata == null) throw new BadInputException(file.toString(), diff ? "/alignment" : "/activation_metadata", "missing");
        List<String> declared = new ArrayList<>();
        if (diff) declared.addAll(submodules);
        else metadata.path("captured_submodules").forEach(n -> declared.add(n.asString()));
        for (String s : submodules) {
            if (!declared.contains(s)) throw new BadInputException(file.toString(), "/activation_metadata/captured_submodules", "lacks '" + s + "' used by steps");
        }
        // Keep the declared order for the UI; ids of submodules seen in steps stay valid because we remap below.
        List<ActivationData.Step> remapped = steps.stream().map(s -> remap(s, submodules, declared)).toList();
        int[] layerIds = !diff && metadata.has("captured_layers")
                ? Json.MAPPER.convertValue(metadata.get("captured_layers"), int[].class)
                : layers.stream().mapToInt(Integer::intValue).toArray();
        return new ActivationData(file, kind, metadata, List.copyOf(declared), layerIds, remapped);
    }

    private static ActivationData.Step step(Path file, ActivationData.Kind kind, int index, JsonNode node, List<String> submodules,
                                            TreeSet<Integer> layers) {
        String at = "/steps/" + index;
        if (!(node instanceof ObjectNode) || (kind == ActivationData.Kind.ACTIVATIONS && node.path("step").asInt(-1) != index)) {
            throw new BadInputException(file.toString(), at + "/step", "must equal the array index " + index);
        }
        JsonNode entries = node.path(kind.entries());
        int n = entries.size();
        int[] layer = new int[n], submodule = new int[n], topStart = new int[n + 1];
        float[][] metrics = new float[kind.metrics().size()][n];
        int tops = 0;
        for (JsonNode e : entries) tops += e.path(kind.topNeurons()).size();
        int[] topIndex = new int[tops];
        float[] topValue = new float[tops];
        int t = 0;
        for (int i = 0; i < n; i++) {
            JsonNode e = entries.get(i);
            layer[i] = e.path("layer").asInt();
            layers.add(layer[i]);
            String sub = e.path("submodule").asString("");
            if (!submodules.contains(sub)) submodules.add(sub);
            submodule[i] = submodules.indexOf(sub);
            for (int m = 0; m < metrics.length; m++) {
                String name = kind.metrics().get(m);
                JsonNode v = e.get(name);
                if (v == null || !v.isNumber()) throw new BadInputException(file.toString(), at + "/" + kind.entries() + "/" + i + "/" + name, "expected a number");
                metrics[m][i] = (float) v.asDouble();
            }
            topStart[i] = t;
            for (JsonNode top : e.path(kind.topNeurons())) {
                topIndex[t] = top.path("index").asInt();
                topValue[t++] = (float) top.path(kind.topValue()).asDouble();
            }
        }
        topStart[n] = t;
        JsonNode ref = node.get("activation_sidecar_ref");
        boolean diff = kind == ActivationData.Kind.DIFF;
        int tokenA = node.path(diff ? "token_id_a" : "token_id").asInt();
        return new ActivationData.Step(tokenA, diff ? node.path("token_id_b").asInt() : tokenA,
                node.path(diff ? "decoded_text_offset_a" : "decoded_text_offset").asInt(),
                ref == null || ref.isNull() ? null : ref.asString(), layer, submodule, metrics, topStart, topIndex, topValue);
    }

    private static ActivationData.Step remap(ActivationData.Step s, List<String> seen, List<String> declared) {
        int[] sub = new int[s.submodule().length];
        for (int i = 0; i < sub.length; i++) sub[i] = declared.indexOf(seen.get(s.submodule()[i]));
        return new ActivationData.Step(s.tokenId(), s.tokenIdB(), s.decodedTextOffset(), s.sidecarRef(), s.layer(), sub, s.metrics(),
                s.topStart(), s.topIndex(), s.topValue());
    }
}
