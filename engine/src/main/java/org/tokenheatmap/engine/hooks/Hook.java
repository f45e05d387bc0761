package org.tokenheatmap.engine.hooks;

/** Callback attached to a hook point. Runs on the inference thread; keep it short and copy what you keep. */
@FunctionalInterface
public interface Hook {
    void accept(Activation activation);
}
