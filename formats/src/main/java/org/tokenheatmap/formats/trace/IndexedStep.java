package org.tokenheatmap.formats.trace;

/** An element of a {@code steps} array, whose {@code step} must equal its index. */
public interface IndexedStep {
    int step();
}
