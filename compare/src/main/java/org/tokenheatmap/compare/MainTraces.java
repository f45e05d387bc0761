package org.tokenheatmap.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.GenerationSettings;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;
import org.tokenheatmap.formats.trace.TraceReader;

/** Finds and reads the main trace (trace.json) of a side: its steps' alignment keys, checked against activations. */
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

    /** A main trace's steps as alignment keys, with its tokenizer fingerprint. */
    record Keys(StepIndex steps, String fingerprint) {}

    /**
     * Reads {@code trace}'s keys: ids, offsets, where its text ends (the last step's offset plus the code-point length
     * of its text) and where it starts in the scored text (see {@link #scoredTextStart}). With {@code activations}
     * given, its steps must carry the same ids and offsets as that activation trace's {@code tokenIds}/{@code offsets}.
     */
    static Keys read(Path trace, Path activations, int[] tokenIds, int[] offsets) {
        var ids = new IntList();
        var offs = new IntList();
        long textEnd = StepIndex.UNKNOWN_END;
        try (var reader = TraceReader.open(trace)) {
            for (Step step : reader) {
                int n = ids.size();
                if (activations != null && (n >= tokenIds.length || step.tokenId() != tokenIds[n]
                        || step.decodedTextOffset() != offsets[n]))
                    throw new BadInputException(trace, "/steps/" + n, "does not match step " + n + " of "
                            + activations + " (token_id and decoded_text_offset must agree)");
                ids.add(step.tokenId());
                offs.add(step.decodedTextOffset());
                textEnd = (long) step.decodedTextOffset() + codePoints(step.text());
            }
            if (activations != null && ids.size() != tokenIds.length)
                throw new BadInputException(trace, "/steps", ids.size() + " steps, but " + activations + " has " + tokenIds.length);
            StepIndex steps = StepIndex.checked(trace, ids.toArray(), offs.toArray(), textEnd)
                    .startingAt(scoredTextStart(reader.header().generation(), reader.summary()));
            return new Keys(steps, reader.header().tokenizer().tokenizerFingerprint());
        }
    }

    /**
     * Where a score-mode run's steps start in the text it scored: the code points of the scored text
     * ({@code generation.prompt}) before its steps' text ({@code summary.generated_text}). That is 0 when every
     * token of the text is a step (a BOS predicts the first), and the first token's length when that token had to be
     * the prompt (no BOS; an API's echoed text). Generate-mode runs, and texts that do not end with the steps' text,
     * start at 0.
     */
    static int scoredTextStart(GenerationSettings generation, Summary summary) {
        if (generation == null || !"score".equals(generation.mode()) || summary.generatedText() == null) return 0;
        String scored = generation.prompt(), steps = summary.generatedText();
        if (scored == null || !scored.endsWith(steps)) return 0;
        return codePoints(scored) - codePoints(steps);
    }

    static int codePoints(String text) { return text.codePointCount(0, text.length()); }
}
