package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.AttendedPosition;
import org.tokenheatmap.formats.trace.HeadAttention;
import org.tokenheatmap.formats.trace.LayerAttention;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inline attention summaries of every (step, captured layer, head), held as primitive arrays per step: a 4,096-step
 * trace with 16 × 16 heads is a million summaries, far too many for JSON trees but only tens of MB this way.
 * Keeps at most {@code topK} attended positions per head — the most attended, as the file lists them by weight.
 */
public final class AttentionSummaries {
    private final String source;
    private final int[] layers;
    private final int heads;
    private final int topK;
    private final List<StepBlock> steps = new ArrayList<>();

    /** One step's summaries; index {@code layerIndex * heads + head}. Null block = the step has no attention. */
    private record StepBlock(float[] entropy, float[] maxWeight, float[] sinkWeight, int[] topPosition,
                             float[] topWeight, byte[] topCount) {
    }

    AttentionSummaries(String source, int[] layers, int heads, int topK) {
        this.source = source;
        this.layers = layers.clone();
        this.heads = heads;
        this.topK = topK;
    }

    public int[] layers() {
        return layers.clone();
    }

    public int heads() {
        return heads;
    }

    public boolean hasStep(int step) {
        return step >= 0 && step < steps.size() && steps.get(step) != null;
    }

    /** Appends the next step's {@code attention} (one entry per captured layer, in order), or null. */
    void append(List<LayerAttention> layerEntries, String where) {
        if (layerEntries == null) {
            steps.add(null);
            return;
        }
        if (layerEntries.size() != layers.length) {
            throw new BadInputException(source, where, "has " + layerEntries.size() + " layers, expected " + layers.length);
        }
        int cells = layers.length * heads;
        StepBlock block = new StepBlock(new float[cells], new float[cells], new float[cells], new int[cells * topK],
                new float[cells * topK], new byte[cells]);
        for (int li = 0; li < layers.length; li++) {
            LayerAttention layer = layerEntries.get(li);
            if (layer.layer() != layers[li]) {
                throw new BadInputException(source, where + "/" + li + "/layer", "expected " + layers[li]);
            }
            List<HeadAttention> headEntries = layer.heads() == null ? List.of() : layer.heads();
            if (headEntries.size() != heads) {
                throw new BadInputException(source, where + "/" + li + "/heads", "expected " + heads + " heads, found " + headEntries.size());
            }
            for (int h = 0; h < heads; h++) {
                HeadAttention head = headEntries.get(h);
                int cell = li * heads + h;
                block.entropy[cell] = (float) head.entropy();
                block.maxWeight[cell] = (float) head.maxWeight();
                block.sinkWeight[cell] = (float) head.sinkWeight();
                List<AttendedPosition> top = head.top() == null ? List.of() : head.top();
                int n = Math.min(top.size(), topK);
                block.topCount[cell] = (byte) n;
                for (int t = 0; t < n; t++) {
                    block.topPosition[cell * topK + t] = top.get(t).position();
                    block.topWeight[cell * topK + t] = (float) top.get(t).weight();
                }
            }
        }
        steps.add(block);
    }

    /** One step's summaries as compact columns: {layers, heads, entropy[l][h], max_weight, sink_weight, top[l][h][[pos, w]]}. */
    public ObjectNode stepJson(int step) {
        StepBlock block = steps.get(step);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("step", step);
        ArrayNode layerArray = out.putArray("layers");
        Arrays.stream(layers).forEach(layerArray::add);
        out.put("heads", heads);
        ArrayNode ent = out.putArray("entropy");
        ArrayNode max = out.putArray("max_weight");
        ArrayNode sink = out.putArray("sink_weight");
        ArrayNode top = out.putArray("top");
        for (int li = 0; li < layers.length; li++) {
            ArrayNode e = ent.addArray(), m = max.addArray(), s = sink.addArray(), t = top.addArray();
            for (int h = 0; h < heads; h++) {
                int cell = li * heads + h;
                e.add(block.entropy[cell]);
                m.add(block.maxWeight[cell]);
                s.add(block.sinkWeight[cell]);
                ArrayNode headTop = t.addArray();
                for (int k = 0; k < block.topCount[cell]; k++) {
                    headTop.addArray().add(block.topPosition[cell * topK + k]).add(block.topWeight[cell * topK + k]);
                }
            }
        }
        return out;
    }
}
