package org.tokenheatmap.formats.trace;

import java.util.List;

/** Activations of one step; `activationSidecarRef` is null (left out) when no Tier 2 sidecar was written. */
public record ActivationStep(int step, int tokenId, int decodedTextOffset, List<ActivationLayerEntry> activations,
                             String activationSidecarRef) implements IndexedStep {}
