package org.tokenheatmap.capture;

import org.tokenheatmap.formats.trace.Step;

/** Progress callbacks of a capture, on the capturing thread. */
public interface CaptureListener {
    /** Called once before the first forward pass with the most steps the run can take. */
    default void started(int plannedSteps) {}

    /** Called after each step has been captured and written. */
    default void stepCaptured(Step step) {}

    CaptureListener NONE = new CaptureListener() {};
}
