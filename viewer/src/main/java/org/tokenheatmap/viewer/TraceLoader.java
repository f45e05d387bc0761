package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.trace.AttentionMetadata;
import org.tokenheatmap.formats.trace.LayerAttention;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.TraceHeader;
import org.tokenheatmap.formats.trace.TraceReader;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code trace.json} with the formats' streaming {@link TraceReader} into {@link TraceData}: one typed step
 * at a time, its inline attention moved into primitive columns, so a long trace never exists as one tree. Checks the
 * invariants the viewer relies on (step indices, attention shape against the metadata).
 */
public final class TraceLoader {
    private static final int DEFAULT_TOP_K = 8;

    private TraceLoader() {
    }

    public static TraceData load(Path runDir) {
        Path file = runDir.resolve("trace.json");
        try (TraceReader reader = TraceReader.open(file)) {
            TraceHeader typed = reader.header();
            ObjectNode header = tree(typed);
            ArrayNode promptTokens = header.remove("prompt_tokens") instanceof ArrayNode a ? a : Json.mapper().createArrayNode();
            AttentionSummaries attention = typed.attentionMetadata() == null ? null : summaries(file, typed.attentionMetadata());
            List<ObjectNode> steps = new ArrayList<>();
            boolean anyAttention = false;
            for (Step step : reader) {
                int index = steps.size();
                if (step.step() != index) throw new BadInputException(file.toString(), "/steps/" + index + "/step", "must equal the array index " + index);
                List<LayerAttention> att = step.attention() == null || step.attention().isEmpty() ? null : step.attention();
                if (att != null && attention == null) {
                    throw new BadInputException(file.toString(), "/attention_metadata", "required when a step carries attention");
                }
                if (attention != null) attention.append(att, "/steps/" + index + "/attention");
                anyAttention |= att != null;
                ObjectNode node = tree(step);
                node.remove("attention");
                node.put("has_attention", att != null);
                steps.add(node);
            }
            header.set("summary", tree(reader.summary()));
            header.put("num_prompt_tokens_loaded", promptTokens.size());
            header.put("num_steps_loaded", steps.size());
            header.put("has_inline_attention", anyAttention);
            return new TraceData(runDir, header, promptTokens, steps, anyAttention ? attention : null);
        }
    }

    private static ObjectNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    /** Layers and heads come from the metadata; every step's attention must have that shape. */
    private static AttentionSummaries summaries(Path file, AttentionMetadata metadata) {
        int[] layers = metadata.capturedLayers().stream().mapToInt(Integer::intValue).toArray();
        int topK = metadata.topK() != null && metadata.topK() > 0 ? metadata.topK() : DEFAULT_TOP_K;
        return new AttentionSummaries(file.toString(), layers, metadata.numAttentionHeads(), topK);
    }
}
