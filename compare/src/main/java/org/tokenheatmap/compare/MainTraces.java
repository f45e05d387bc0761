package org.tokenheatmap.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.TraceReader;

/** Finds and checks the main trace (trace.json) that belongs to an activation trace. */
final class MainTraces {
    private MainTraces() {}

    /** The trace.json beside {@code activations} whose {@code activations_ref} names it, or null. */
    static Path companionOf(Path activations) {
        Path trace = activations.toAbsolutePath().resolveSibling(TraceSide.TRACE_FILE);
        if (!Files.isRegularFile(trace)) return null;
        String ref;
        try (var reader = TraceReader.open(trace)) {
            ref = reader.header().activationsRef();
        }
        if (ref == null) return null;
        try {
            Path named = trace.resolveSibling(ref);
            return Files.exists(named) && Files.isSameFile(named, activations) ? trace : null;
        } catch (IOException | RuntimeException e) {
            return null; // the reference does not resolve to a file: not this file's companion
        }
    }

    /**
     * Checks that {@code trace} has the same steps (token ids, offsets) as the activation trace and returns the
     * code-point offset where its text ends: the last step's offset plus the code-point length of its text.
     */
    static long checkAgainst(Path trace, Path activations, int[] tokenIds, int[] offsets) {
        int n = 0;
        long textEnd = StepIndex.UNKNOWN_END;
        try (var reader = TraceReader.open(trace)) {
            for (Step step : reader) {
                if (n >= tokenIds.length || step.tokenId() != tokenIds[n] || step.decodedTextOffset() != offsets[n])
                    throw new BadInputException(trace, "/steps/" + n, "does not match step " + n + " of "
                            + activations + " (token_id and decoded_text_offset must agree)");
                textEnd = (long) offsets[n] + codePoints(step.text());
                n++;
            }
        }
        if (n != tokenIds.length)
            throw new BadInputException(trace, "/steps", n + " steps, but " + activations + " has " + tokenIds.length);
        return textEnd;
    }

    static int codePoints(String text) { return text.codePointCount(0, text.length()); }
}
