package org.tokenheatmap.capture;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets another thread (a Ctrl-C handler) stop a running capture between forward passes: the steps captured so far
 * are kept and the run ends as a valid, shorter run with stop reason {@code interrupted}.
 */
public final class CaptureControl {
    private final AtomicBoolean stop = new AtomicBoolean();

    public void requestStop() {
        stop.set(true);
    }

    public boolean stopRequested() {
        return stop.get();
    }
}
