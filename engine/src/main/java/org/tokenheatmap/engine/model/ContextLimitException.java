package org.tokenheatmap.engine.model;

/** Thrown when tokens would be placed beyond the session's context window. */
public final class ContextLimitException extends IllegalStateException {

    public ContextLimitException(int position, int requested, int capacity, int modelContext) {
        super("context limit reached: cannot add " + requested + " token(s) at position " + position + "; the session holds "
                + capacity + " positions (model context length " + modelContext + ")");
    }
}
