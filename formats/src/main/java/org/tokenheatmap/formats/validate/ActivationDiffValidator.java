package org.tokenheatmap.formats.validate;

import org.tokenheatmap.formats.json.JsonFormat;

/** Validates activation diffs (activation-diff.schema.json): schema and semantic rules, streaming. */
public final class ActivationDiffValidator extends JsonFileKindValidator {
    public ActivationDiffValidator() {
        super(JsonFormat.ACTIVATION_DIFF, new ActivationDiffRules());
    }
}
