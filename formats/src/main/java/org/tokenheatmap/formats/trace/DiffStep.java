package org.tokenheatmap.formats.trace;

import java.util.List;

/** One aligned step of an activation diff. */
public record DiffStep(int step, int tokenIdA, int tokenIdB, int decodedTextOffsetA, int decodedTextOffsetB,
                       List<LayerDelta> delta) implements IndexedStep {}
