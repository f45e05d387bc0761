package org.tokenheatmap.formats.trace;

import java.util.List;

/** Summary of one (step, layer, submodule) activation vector; `topNeurons` sorted by descending |value|. */
public record ActivationLayerEntry(int layer, String submodule, double l2Norm, double meanAbs, double sparsity,
                                   List<TopNeuron> topNeurons) {}
