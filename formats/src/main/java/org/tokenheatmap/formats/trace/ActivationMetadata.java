package org.tokenheatmap.formats.trace;

import java.util.List;

/** Activation probe metadata (activation.schema.json `activation_metadata`). */
public record ActivationMetadata(List<String> capturedSubmodules, int numLayers, int hiddenDim,
                                 String tokenizerFingerprint, List<Integer> capturedLayers) {}
