package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.json.JsonFormat;

/**
 * Streams an activation diff (activation-diff.schema.json 1.x). Its {@code alignment} usually follows the
 * steps (the writer learns the mismatches last), so opening such a file first skims it to read the header.
 */
public final class ActivationDiffReader extends StepsReader<DiffHeader, DiffStep> {

    private ActivationDiffReader(Path file) {
        super(file, JsonFormat.ACTIVATION_DIFF, List.of("alignment"), DiffHeader.class, DiffStep.class);
    }

    public static ActivationDiffReader open(Path file) {
        return new ActivationDiffReader(file);
    }

    /** Reads a whole diff into memory. */
    public static ActivationDiff readAll(Path file) {
        try (ActivationDiffReader reader = open(file)) {
            List<DiffStep> steps = new ArrayList<>();
            reader.forEachRemaining(steps::add);
            return new ActivationDiff(reader.header(), List.copyOf(steps));
        }
    }
}
