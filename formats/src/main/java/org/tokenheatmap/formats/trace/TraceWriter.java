package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.Map;
import org.tokenheatmap.formats.json.JsonFormat;

/**
 * Writes a main trace as it is captured: header on {@link #create}, one {@link #write(IndexedStep)} per
 * token, {@link #finish(Summary)} at the end. Use in try-with-resources so a failed capture leaves no file.
 */
public final class TraceWriter extends StepsWriter<Step> {

    private TraceWriter(Path target, TraceHeader header) {
        super(target, JsonFormat.TRACE, header.schemaVersion(), header);
    }

    public static TraceWriter create(Path target, TraceHeader header) {
        return new TraceWriter(target, header);
    }

    /** Writes the summary after the steps and publishes the file. */
    public void finish(Summary summary) {
        if (summary.numSteps() != stepsWritten()) {
            throw new IllegalArgumentException("summary.num_steps is " + summary.numSteps() + " but "
                    + stepsWritten() + " steps were written to " + target());
        }
        super.finish(Map.of("summary", summary));
    }
}
