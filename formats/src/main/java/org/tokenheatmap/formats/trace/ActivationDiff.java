package org.tokenheatmap.formats.trace;

import java.util.List;

/** A whole activation diff in memory. */
public record ActivationDiff(DiffHeader header, List<DiffStep> steps) {}
