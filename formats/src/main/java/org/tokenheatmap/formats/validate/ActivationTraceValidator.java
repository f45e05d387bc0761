package org.tokenheatmap.formats.validate;

import org.tokenheatmap.formats.json.JsonFormat;

/** Validates activation traces (activation.schema.json): schema and semantic rules, streaming. */
public final class ActivationTraceValidator extends JsonFileKindValidator {
    public ActivationTraceValidator() {
        super(JsonFormat.ACTIVATION_TRACE, new ActivationTraceRules());
    }
}
