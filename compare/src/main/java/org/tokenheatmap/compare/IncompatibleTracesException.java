package org.tokenheatmap.compare;

/** Two traces that cannot be compared as asked (e.g. token_id alignment across tokenizers); the CLI exits 1. */
public final class IncompatibleTracesException extends IllegalArgumentException {
    public IncompatibleTracesException(String message) { super(message); }
}
