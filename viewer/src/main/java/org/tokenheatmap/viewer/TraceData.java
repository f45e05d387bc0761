package org.tokenheatmap.viewer;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded {@code trace.json}: its header (every top-level member but the token arrays), its prompt tokens, its
 * steps without their inline attention, and that attention column-wise (null when no step carries any).
 */
public record TraceData(Path runDir, ObjectNode header, ArrayNode promptTokens, List<ObjectNode> steps,
                        AttentionSummaries attention) {

    public int stepCount() {
        return steps.size();
    }

    /** The header with the prompt tokens and the run's name as the API serves it. */
    public ObjectNode headerJson(String run) {
        ObjectNode out = header.deepCopy();
        out.set("prompt_tokens", promptTokens);
        out.put("run", run);
        return out;
    }

    /** {from, to, total, steps} for steps {@code [from, to)} clamped to the trace. */
    public ObjectNode stepPage(int from, int to) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("from", from).put("to", Math.min(to, stepCount())).put("total", stepCount());
        out.set("steps", stepRange(from, to));
        return out;
    }

    /** Steps {@code [from, to)} clamped to the trace. */
    public ArrayNode stepRange(int from, int to) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = Math.max(0, from); i < Math.min(to, steps.size()); i++) out.add(steps.get(i));
        return out;
    }
}
