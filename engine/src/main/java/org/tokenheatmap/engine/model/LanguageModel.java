package org.tokenheatmap.engine.model;

import java.util.Set;
import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.Hooks;

/**
 * A decoder-only model we can run and observe: its configuration (the shape and quirks of its family), its hook
 * points and sessions. Capture, CLI and benchmarks see models only through this interface.
 */
public interface LanguageModel {

    DecoderConfig config();

    /** The hook points this model's graph has (see {@link HookPoint}). */
    Set<HookPoint> hookPoints();

    long parameterCount();

    /** Whether the classifier reuses the token embedding. */
    boolean tiedOutput();

    default String family() {
        return config().family();
    }

    default String architecture() {
        return config().architecture();
    }

    default int vocabSize() {
        return config().vocabSize();
    }

    /** Trained context length from the file's metadata. */
    default int contextLength() {
        return config().contextLength();
    }

    /**
     * Starts a session with room for {@code capacity} positions (at most {@link #contextLength()}), the given hooks
     * resolved once, and products rounded per {@code numerics}.
     *
     * @throws IllegalArgumentException when a hook pattern names no point of this model
     */
    InferenceSession newSession(int capacity, Hooks hooks, Numerics numerics);

    default InferenceSession newSession(int capacity, Hooks hooks) {
        return newSession(capacity, hooks, Numerics.EXACT);
    }

    default InferenceSession newSession(int capacity) {
        return newSession(capacity, Hooks.none());
    }
}
