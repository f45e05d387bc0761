package org.tokenheatmap.compare;

import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationLayerEntry;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.TopNeuron;

/**
 * Sparse stand-ins for the full vectors (--from-summaries): each step's inline {@code top_neurons} at their indices,
 * zero everywhere else. l2, cosine and the top changed neurons of these are only estimates of the real ones.
 */
record SummaryVectors(Path file, ActivationStep step, int hiddenDim) implements StepVectors {

    @Override public float[] get(int layer, String submodule) {
        List<ActivationLayerEntry> entries = step.activations();
        for (int e = 0; e < entries.size(); e++) {
            ActivationLayerEntry entry = entries.get(e);
            if (entry.layer() == layer && entry.submodule().equals(submodule)) return densify(entry, e);
        }
        return null;
    }

    private float[] densify(ActivationLayerEntry entry, int e) {
        float[] dense = new float[hiddenDim];
        for (int n = 0; n < entry.topNeurons().size(); n++) {
            TopNeuron neuron = entry.topNeurons().get(n);
            if (neuron.index() < 0 || neuron.index() >= hiddenDim)
                throw new BadInputException(file, source() + "/activations/" + e + "/top_neurons/" + n + "/index",
                        "index " + neuron.index() + " is outside hidden_dim " + hiddenDim);
            dense[neuron.index()] = (float) neuron.value();
        }
        return dense;
    }

    @Override public String source() { return "/steps/" + step.step(); }

    @Override public void close() {}
}
