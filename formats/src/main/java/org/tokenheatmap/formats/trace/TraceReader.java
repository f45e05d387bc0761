package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.json.JsonFormat;

/**
 * Streams a main trace (trace.schema.json 2.x): {@link #header()} at once, steps one at a time,
 * {@link #summary()} after them. {@code try (var r = TraceReader.open(p)) { for (Step s : r) ... }}
 */
public final class TraceReader extends StepsReader<TraceHeader, Step> {
    private static final List<String> HEADER_FIELDS = List.of("model", "tokenizer", "generation", "prompt_tokens");

    private TraceReader(Path file) {
        super(file, JsonFormat.TRACE, HEADER_FIELDS, TraceHeader.class, Step.class);
    }

    public static TraceReader open(Path file) {
        return new TraceReader(file);
    }

    /** The summary; reads (and drops) any steps not yet iterated, since it follows them in the file. */
    public Summary summary() {
        return fieldAfterSteps("summary", Summary.class);
    }

    /** Reads a whole trace into memory. */
    public static Trace readAll(Path file) {
        try (TraceReader reader = open(file)) {
            List<Step> steps = new ArrayList<>();
            reader.forEachRemaining(steps::add);
            return new Trace(reader.header(), List.copyOf(steps), reader.summary());
        }
    }
}
