package org.tokenheatmap.engine.model;

/** Receives the logits of one position ({@code logits[offset, offset + vocab)}, valid only during the call). */
@FunctionalInterface
public interface LogitsSink {
    void accept(int position, float[] logits, int offset);
}
