package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.hooks.Hooks;

/** A decoder-only model we can run and observe. One implementation per architecture family. */
public interface LanguageModel {

    String architecture();

    int vocabSize();

    /** Trained context length from the file's metadata. */
    int contextLength();

    long parameterCount();

    /**
     * Starts a session with room for {@code capacity} positions (at most {@link #contextLength()}) and the given hooks
     * resolved once.
     */
    InferenceSession newSession(int capacity, Hooks hooks);

    /**
     * As {@link #newSession(int, Hooks)}, rounding matrix products per {@code numerics}. Families that only implement
     * exact products reject {@link Numerics#GGML_CPU}.
     */
    default InferenceSession newSession(int capacity, Hooks hooks, Numerics numerics) {
        if (numerics != Numerics.EXACT) {
            throw new UnsupportedOperationException(architecture() + " sessions support only " + Numerics.EXACT + " numerics");
        }
        return newSession(capacity, hooks);
    }

    default InferenceSession newSession(int capacity) {
        return newSession(capacity, Hooks.none());
    }
}
