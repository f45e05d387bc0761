package org.tokenheatmap.formats.trace;

import java.util.List;

/** A whole activation trace in memory. */
public record ActivationTrace(ActivationHeader header, List<ActivationStep> steps) {}
