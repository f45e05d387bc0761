package org.tokenheatmap.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.engine.hooks.Activation;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.trace.ActivationLayerEntry;
import org.tokenheatmap.formats.trace.TopNeuron;

/**
 * Activation probe. Tier 1: per (layer, submodule) L2 norm, mean |x|, sparsity (fraction of |x| below an absolute
 * threshold) and the highest-|x| neurons, computed inside the hook call. Tier 2: the raw vectors, for the step's
 * sidecar.
 */
public final class ActivationProbe {
    /** What one step's query position produced; entries are layer-major, then in submodule order. */
    public record Captured(List<ActivationLayerEntry> entries, List<ActivationSidecar.Layer> sidecarLayers) {}

    private final List<Integer> layers;
    private final List<Submodule> submodules;
    private final int[] slotOfLayer;
    private final boolean full;
    private final double threshold;
    private final TopSelection top;
    private final int[] topIndices;
    private final float[] vector;
    private final float[] magnitude;
    private final float[] blockMax;
    private final RowStats.Magnitudes sums = new RowStats.Magnitudes();
    private final PositionBuffer<Pending> buffer;

    private final class Pending {
        final ActivationLayerEntry[] entries = new ActivationLayerEntry[layers.size() * submodules.size()];
        final float[][] vectors = new float[layers.size() * submodules.size()][];
    }

    public ActivationProbe(List<Integer> layers, List<Submodule> submodules, int numLayers, int hiddenDim,
                           double sparsityThreshold, int topNeurons, boolean full) {
        this.layers = List.copyOf(layers);
        this.submodules = List.copyOf(submodules);
        this.slotOfLayer = new int[numLayers];
        Arrays.fill(slotOfLayer, -1);
        for (int i = 0; i < layers.size(); i++) slotOfLayer[layers.get(i)] = i;
        this.full = full;
        this.threshold = sparsityThreshold;
        this.top = new TopSelection(topNeurons);
        this.topIndices = new int[topNeurons];
        this.vector = new float[hiddenDim];
        this.magnitude = new float[hiddenDim];
        this.blockMax = new float[RowStats.blocks(hiddenDim)];
        this.buffer = new PositionBuffer<>(Pending::new);
    }

    public void attach(Hooks hooks) {
        for (int layer : layers) {
            for (int s = 0; s < submodules.size(); s++) {
                int entry = slotOfLayer[layer] * submodules.size() + s;
                hooks.add(submodules.get(s).hookPoint().hookName(layer), a -> onVector(a, entry));
            }
        }
    }

    public List<Integer> layers() {
        return layers;
    }

    public List<Submodule> submodules() {
        return submodules;
    }

    void recordFrom(int position) {
        buffer.recordFrom(position);
    }

    Captured take(int position) {
        Pending p = buffer.take(position);
        List<ActivationLayerEntry> entries = Arrays.asList(p.entries);
        if (!full) return new Captured(entries, null);
        List<ActivationSidecar.Layer> sidecar = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int s = 0; s < submodules.size(); s++) tensors.put(submodules.get(s).id(), p.vectors[l * submodules.size() + s]);
            sidecar.add(new ActivationSidecar.Layer(layers.get(l), tensors));
        }
        return new Captured(entries, sidecar);
    }

    void clear() {
        buffer.clear();
    }

    private void onVector(Activation a, int entry) {
        if (!buffer.records(a.position())) return;
        int n = vector.length;
        a.values().copyTo(vector, 0);
        RowStats.magnitudes(vector, n, threshold, magnitude, blockMax, sums);
        int count = RowStats.top(magnitude, 0, n, blockMax, top, topIndices);
        TopNeuron[] neurons = new TopNeuron[count];
        for (int r = 0; r < count; r++) neurons[r] = new TopNeuron(topIndices[r], vector[topIndices[r]]);
        Pending p = buffer.at(a.position());
        Submodule sub = submodules.get(entry % submodules.size());
        p.entries[entry] = new ActivationLayerEntry(a.layer(), sub.id(), Math.sqrt(sums.sumSquares), sums.sumAbs / n,
                (double) sums.below / n, Arrays.asList(neurons));
        if (full) p.vectors[entry] = Arrays.copyOf(vector, n);
    }
}
