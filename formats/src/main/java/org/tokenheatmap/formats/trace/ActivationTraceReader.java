package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.json.JsonFormat;

/** Streams an activation trace (activation.schema.json 1.x): header at once, steps one at a time. */
public final class ActivationTraceReader extends StepsReader<ActivationHeader, ActivationStep> {

    private ActivationTraceReader(Path file) {
        super(file, JsonFormat.ACTIVATION_TRACE, List.of("activation_metadata"), ActivationHeader.class, ActivationStep.class);
    }

    public static ActivationTraceReader open(Path file) {
        return new ActivationTraceReader(file);
    }

    /** Reads a whole activation trace into memory. */
    public static ActivationTrace readAll(Path file) {
        try (ActivationTraceReader reader = open(file)) {
            List<ActivationStep> steps = new ArrayList<>();
            reader.forEachRemaining(steps::add);
            return new ActivationTrace(reader.header(), List.copyOf(steps));
        }
    }
}
