package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.Map;
import org.tokenheatmap.formats.json.JsonFormat;

/**
 * Writes an activation diff step by step. The alignment (with its mismatches, known only once both traces
 * are walked) goes after the steps, on {@link #finish(Alignment)}.
 */
public final class ActivationDiffWriter extends StepsWriter<DiffStep> {

    private ActivationDiffWriter(Path target) {
        super(target, JsonFormat.ACTIVATION_DIFF, DiffHeader.SCHEMA_VERSION, Map.of("schema_version", DiffHeader.SCHEMA_VERSION));
    }

    public static ActivationDiffWriter create(Path target) {
        return new ActivationDiffWriter(target);
    }

    public void finish(Alignment alignment) {
        super.finish(Map.of("alignment", alignment));
    }
}
