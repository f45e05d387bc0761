package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import org.tokenheatmap.formats.json.JsonFormat;

/** Writes an activation trace step by step; {@link #finish()} publishes it. */
public final class ActivationTraceWriter extends StepsWriter<ActivationStep> {

    private ActivationTraceWriter(Path target, ActivationHeader header) {
        super(target, JsonFormat.ACTIVATION_TRACE, header.schemaVersion(), header);
    }

    public static ActivationTraceWriter create(Path target, ActivationHeader header) {
        return new ActivationTraceWriter(target, header);
    }

    public void finish() {
        super.finish(null);
    }
}
