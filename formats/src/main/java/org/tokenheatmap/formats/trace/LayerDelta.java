package org.tokenheatmap.formats.trace;

import java.util.List;

/** Difference of trace A and B at one (layer, submodule) of an aligned step. */
public record LayerDelta(int layer, String submodule, double l2, double cosine, List<TopChangedNeuron> topChangedNeurons) {}
