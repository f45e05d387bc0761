package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * The rules of a format that its JSON schema cannot state (indices, orderings, cross references, sidecars).
 * They see schema-checked input but must not assume it is valid: a value of the wrong type is skipped,
 * since the schema check already reports it.
 */
interface SemanticRules {

    /** Checks the document (its {@code steps} emptied) and returns the checks of its steps, which may use it. */
    StepRules begin(Path file, JsonNode document, Problems problems);

    /** Checks of the steps, given one at a time in order. */
    interface StepRules {
        void check(int index, JsonNode step);

        /** Called after the last step with the number of steps. */
        default void end(int stepCount) {}
    }
}
