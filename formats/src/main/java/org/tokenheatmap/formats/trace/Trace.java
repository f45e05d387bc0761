package org.tokenheatmap.formats.trace;

import java.util.List;

/** A whole main trace in memory; for large traces stream with TraceReader / TraceWriter instead. */
public record Trace(TraceHeader header, List<Step> steps, Summary summary) {}
