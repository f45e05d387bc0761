package org.tokenheatmap.formats.trace;

import java.util.List;

/** Which layers carry attention; `capturedLayers` is ascending and duplicate-free. */
public record AttentionMetadata(List<Integer> capturedLayers, int numAttentionHeads, int numKeyValueHeads,
                                Integer headDim, Integer topK) {}
