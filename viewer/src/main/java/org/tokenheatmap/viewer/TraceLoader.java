package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a {@code trace.json} into {@link TraceData}: one step is a JSON tree at a time, so a long trace with inline
 * attention never exists as one tree. Checks the invariants the viewer relies on (step indices, attention shape).
 */
public final class TraceLoader {
    private static final String MAJOR = "2.";

    private TraceLoader() {
    }

    public static TraceData load(Path runDir) {
        Path file = runDir.resolve("trace.json");
        ObjectNode header = Json.MAPPER.createObjectNode();
        ArrayNode promptTokens = Json.MAPPER.createArrayNode();
        List<ObjectNode> steps = new ArrayList<>();
        StepSink sink = new StepSink(file, steps);
        try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadInputException(file.toString(), "/", "not a JSON object");
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "steps" -> sink.readSteps(p, value);
                    case "prompt_tokens" -> promptTokens = requireArray(file, name, Json.MAPPER.readTree(p));
                    default -> {
                        header.set(name, Json.MAPPER.readTree(p));
                        if (name.equals("attention_metadata")) sink.metadata(header.get(name));
                    }
                }
            }
        } catch (JacksonException e) {
            throw new BadInputException(file.toString(), e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr(),
                    e.getOriginalMessage());
        }
        String version = header.path("schema_version").asString("");
        if (!version.startsWith(MAJOR)) {
            throw new BadInputException(file.toString(), "/schema_version", "unsupported version '" + version + "' (this viewer reads 2.x)");
        }
        header.put("num_prompt_tokens_loaded", promptTokens.size());
        header.put("num_steps_loaded", steps.size());
        header.put("has_inline_attention", sink.attention != null);
        return new TraceData(runDir, header, promptTokens, steps, sink.finish());
    }

    private static ArrayNode requireArray(Path file, String name, JsonNode node) {
        if (node instanceof ArrayNode array) return array;
        throw new BadInputException(file.toString(), "/" + name, "expected an array");
    }

    /** Receives steps one by one; moves their attention summaries into columns. */
    private static final class StepSink {
        private static final int DEFAULT_TOP_K = 8;
        private final Path file;
        private final List<ObjectNode> steps;
        private JsonNode metadata;
        private AttentionSummaries attention;

        StepSink(Path file, List<ObjectNode> steps) {
            this.file = file;
            this.steps = steps;
        }

        void metadata(JsonNode node) {
            metadata = node;
        }

        void readSteps(JsonParser p, JsonToken start) {
            if (start != JsonToken.START_ARRAY) throw new BadInputException(file.toString(), "/steps", "expected an array");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int index = steps.size();
                if (!(Json.MAPPER.readTree(p) instanceof ObjectNode step) || step.path("step").asInt(-1) != index) {
                    throw new BadInputException(file.toString(), "/steps/" + index + "/step", "must equal the array index " + index);
                }
                ArrayNode att = step.remove("attention") instanceof ArrayNode a && !a.isEmpty() ? a : null;
                step.put("has_attention", att != null);
                steps.add(step);
                if (att != null && attention == null) attention = shapedLike(att);
                if (attention != null) {
                    for (int missing = attentionCount; missing < index; missing++) attention.append(null, "");
                    attention.append(att, "/steps/" + index + "/attention");
                    attentionCount = index + 1;
                }
            }
        }

        private int attentionCount;

        /** Layers and heads come from the first step that has attention; the metadata must agree (checked at the end). */
        private AttentionSummaries shapedLike(ArrayNode first) {
            int[] layers = new int[first.size()];
            int topK = metadata != null && metadata.path("top_k").asInt(0) > 0 ? metadata.path("top_k").asInt() : DEFAULT_TOP_K;
            for (int i = 0; i < layers.length; i++) {
                layers[i] = first.get(i).path("layer").asInt();
                for (JsonNode head : first.get(i).path("heads")) topK = Math.max(topK, head.path("top").size());
            }
            return new AttentionSummaries(file.toString(), layers, first.get(0).path("heads").size(), topK);
        }

        AttentionSummaries finish() {
            if (attention == null) return null;
            if (metadata == null) throw new BadInputException(file.toString(), "/attention_metadata", "required when a step carries attention");
            int[] declared = Json.MAPPER.convertValue(metadata.path("captured_layers"), int[].class);
            if (!Arrays.equals(declared, attention.layers())) {
                throw new BadInputException(file.toString(), "/attention_metadata/captured_layers",
                        "does not match the layers of the steps' attention " + Arrays.toString(attention.layers()));
            }
            if (metadata.path("num_attention_heads").asInt() != attention.heads()) {
                throw new BadInputException(file.toString(), "/attention_metadata/num_attention_heads",
                        "steps carry " + attention.heads() + " heads per layer");
            }
            for (int i = attentionCount; i < steps.size(); i++) attention.append(null, "");
            return attention;
        }
    }
}
