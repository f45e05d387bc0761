package org.tokenheatmap.formats.validate;

import org.tokenheatmap.formats.json.JsonFormat;

/** Validates main traces (trace.schema.json): schema and semantic rules, streaming. */
public final class TraceValidator extends JsonFileKindValidator {
    public TraceValidator() {
        super(JsonFormat.TRACE, new TraceRules());
    }
}
