package org.tokenheatmap.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tokenheatmap.engine.hooks.Activation;
import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.FloatMatrix;
import org.tokenheatmap.formats.trace.AttendedPosition;
import org.tokenheatmap.formats.trace.HeadAttention;
import org.tokenheatmap.formats.trace.LayerAttention;

/**
 * Attention probe. Tier 1: per (layer, head) entropy, max weight, sink weight (position 0) and the most attended
 * positions of the step's query row, summarised inside the {@code hook_pattern} call. Tier 2: the rows themselves
 * ([heads, keys] per layer) and, with QKV, the query position's q/k/v vectors, for the step's sidecar.
 */
public final class AttentionProbe {
    /** What one step's query position produced. */
    public record Captured(List<LayerAttention> summaries, List<AttentionSidecar.Layer> sidecarLayers) {}

    private final List<Integer> layers;
    private final int[] slotOfLayer;
    private final int heads;
    private final boolean full;
    private final boolean qkv;
    private final HookPoint queryPoint, keyPoint;
    private final TopSelection top;
    private final int[] topPositions;
    private float[] row = new float[0];
    private float[] blockMax = new float[0];
    private final PositionBuffer<Pending> buffer;

    private final class Pending {
        final LayerAttention[] summaries = new LayerAttention[layers.size()];
        final FloatMatrix[] weights = new FloatMatrix[layers.size()];
        final FloatMatrix[] q = new FloatMatrix[layers.size()];
        final FloatMatrix[] k = new FloatMatrix[layers.size()];
        final FloatMatrix[] v = new FloatMatrix[layers.size()];
    }

    /**
     * @param rotary whether the model rotates q and k; the sidecar's q/k are then taken after rotary (and QK-norm), as
     *               they enter the attention scores
     */
    public AttentionProbe(List<Integer> layers, int numLayers, int heads, int topK, boolean full, boolean qkv, boolean rotary) {
        this.layers = List.copyOf(layers);
        this.slotOfLayer = new int[numLayers];
        Arrays.fill(slotOfLayer, -1);
        for (int i = 0; i < layers.size(); i++) slotOfLayer[layers.get(i)] = i;
        this.heads = heads;
        this.full = full;
        this.qkv = qkv;
        this.queryPoint = rotary ? HookPoint.ROT_Q : HookPoint.Q;
        this.keyPoint = rotary ? HookPoint.ROT_K : HookPoint.K;
        this.top = new TopSelection(topK);
        this.topPositions = new int[topK];
        this.buffer = new PositionBuffer<>(Pending::new);
    }

    public void attach(Hooks hooks) {
        for (int layer : layers) {
            hooks.add(HookPoint.PATTERN.hookName(layer), this::onPattern);
            if (qkv) {
                hooks.add(queryPoint.hookName(layer), this::onQkv);
                hooks.add(keyPoint.hookName(layer), this::onQkv);
                hooks.add(HookPoint.V.hookName(layer), this::onQkv);
            }
        }
    }

    public List<Integer> layers() {
        return layers;
    }

    /** Positions before this one are prompt positions whose attention no step needs. */
    void recordFrom(int position) {
        buffer.recordFrom(position);
    }

    Captured take(int position) {
        Pending p = buffer.take(position);
        List<LayerAttention> summaries = Arrays.asList(p.summaries);
        if (!full) return new Captured(summaries, null);
        List<AttentionSidecar.Layer> sidecar = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            sidecar.add(new AttentionSidecar.Layer(layers.get(i), p.weights[i], p.q[i], p.k[i], p.v[i]));
        }
        return new Captured(summaries, sidecar);
    }

    void clear() {
        buffer.clear();
    }

    private void onPattern(Activation a) {
        if (!buffer.records(a.position())) return;
        int keys = a.shape()[1];
        int n = heads * keys;
        if (row.length < n) row = new float[Math.max(n, row.length * 2)];
        if (blockMax.length < RowStats.blocks(keys)) blockMax = new float[Math.max(RowStats.blocks(keys), blockMax.length * 2)];
        a.values().copyTo(row, 0);
        int slot = slotOfLayer[a.layer()];
        Pending p = buffer.at(a.position());
        HeadAttention[] perHead = new HeadAttention[heads];
        for (int h = 0; h < heads; h++) perHead[h] = summarise(h, h * keys, keys);
        p.summaries[slot] = new LayerAttention(a.layer(), Arrays.asList(perHead));
        if (full) p.weights[slot] = new FloatMatrix(heads, keys, Arrays.copyOf(row, n));
    }

    private HeadAttention summarise(int head, int from, int keys) {
        double entropy = RowStats.entropy(row, from, keys, blockMax);
        float max = 0;
        for (int b = 0, blocks = RowStats.blocks(keys); b < blocks; b++) max = Math.max(max, blockMax[b]);
        int count = RowStats.top(row, from, keys, blockMax, top, topPositions);
        AttendedPosition[] attended = new AttendedPosition[count];
        for (int r = 0; r < count; r++) attended[r] = new AttendedPosition(topPositions[r], clamp01(row[from + topPositions[r]]));
        return new HeadAttention(head, entropy, clamp01(max), clamp01(row[from]), Arrays.asList(attended));
    }

    /** Softmax rounding can overshoot 1 by an ulp; the schema bounds weights to [0, 1]. */
    private static double clamp01(float w) {
        return Math.min(1.0, Math.max(0.0, w));
    }

    private void onQkv(Activation a) {
        if (!buffer.records(a.position())) return;
        int slot = slotOfLayer[a.layer()];
        Pending p = buffer.at(a.position());
        FloatMatrix m = new FloatMatrix(a.shape()[0], a.shape()[1], a.values().toArray());
        switch (a.point()) {
            case Q, ROT_Q -> p.q[slot] = m;
            case K, ROT_K -> p.k[slot] = m;
            case V -> p.v[slot] = m;
            default -> throw new IllegalStateException("attention probe attached to " + a.name());
        }
    }
}
