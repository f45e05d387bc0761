package org.tokenheatmap.formats.trace;

import java.util.List;

/** What the probes were asked to record (trace.schema.json `capture`); every field optional. */
public record CaptureSettings(Integer topAlternatives, Integer attentionTopK, List<Integer> capturedLayers,
                              List<String> capturedSubmodules, Boolean attention, Boolean activations,
                              Boolean fullAttention, Boolean qkv, Boolean fullActivations, Double sparsityThreshold,
                              Integer topNeurons) {}
