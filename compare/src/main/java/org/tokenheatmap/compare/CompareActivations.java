package org.tokenheatmap.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tokenheatmap.formats.BadInputException;

/**
 * {@code compare_activations(trace_a, trace_b, mode)}: aligns two captures and writes the activation diff
 * (activation-diff.schema.json) and, when both have a main trace, the token diff beside it
 * (token-diff.schema.json, named by {@link #tokenDiffPath}). Both are streamed: memory holds the alignment keys
 * (8 bytes a step) and one pair of steps at a time.
 */
public final class CompareActivations {

    public static final int DEFAULT_TOP_K = 16;

    private CompareActivations() {}

    /** Progress over the aligned pairs, e.g. a progress bar. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override public void start(long pairs) {}
            @Override public void step() {}
        };

        void start(long pairs);

        void step();
    }

    /**
     * @param topK          how many most-changed neurons each delta lists
     * @param fromSummaries compute from the sparse inline top-neuron summaries instead of the Tier 2 sidecars
     * @param out           where the activation diff goes; the token diff goes to {@link #tokenDiffPath(Path)}
     * @param warnings      receives each warning as it arises (they are also in {@link Result#warnings()})
     */
    public record Options(AlignmentMode mode, int topK, boolean fromSummaries, Path out, Progress progress,
                          Consumer<String> warnings) {
        public Options {
            if (topK < 0) throw new IllegalArgumentException("--top-k must not be negative, was " + topK);
        }

        /** auto alignment, top 16, from sidecars, no progress, warnings dropped. */
        public static Options writingTo(Path out) {
            return new Options(AlignmentMode.AUTO, DEFAULT_TOP_K, false, out, Progress.NONE, w -> {});
        }

        public Options withMode(AlignmentMode m) { return new Options(m, topK, fromSummaries, out, progress, warnings); }
        public Options withTopK(int k) { return new Options(mode, k, fromSummaries, out, progress, warnings); }
        public Options withFromSummaries(boolean s) { return new Options(mode, topK, s, out, progress, warnings); }
        public Options withProgress(Progress p) { return new Options(mode, topK, fromSummaries, out, p, warnings); }
        public Options withWarnings(Consumer<String> w) { return new Options(mode, topK, fromSummaries, out, progress, w); }
    }

    /** @param tokenDiff null when a side has no main trace */
    public record Result(Path activationDiff, Path tokenDiff, Alignment alignment, boolean fromSummaries,
                         List<String> warnings) {}

    /** The activation diff and the token diff of {@code a} and {@code b} (run directories or activation traces). */
    public static Result compare(Path a, Path b, Options options) {
        TraceSide sideA = TraceSide.load(a), sideB = TraceSide.load(b);
        Alignment alignment = Aligner.align(sideA.steps(), sideB.steps(), options.mode(),
                sideA.fingerprint(), sideB.fingerprint());
        var warnings = new ArrayList<String>();
        Consumer<String> warn = w -> { warnings.add(w); options.warnings().accept(w); };
        if (options.fromSummaries()) {
            warn.accept("values computed from the sparse top-neuron summaries (--from-summaries), not from full"
                    + " activations: l2, cosine and top changed neurons are estimates");
        } else if (sideA.hasActivations() && sideB.hasActivations()) { // else only tokens are compared
            requireSidecars(sideA, "A");
            requireSidecars(sideB, "B");
        }
        SlotPlan plan = SlotPlan.of(sideA, sideB);
        plan.warnings().forEach(warn);
        if (!plan.slots().isEmpty() && sideA.metadata().hiddenDim() != sideB.metadata().hiddenDim())
            throw new IncompatibleTracesException("hidden_dim differs (A " + sideA.metadata().hiddenDim() + ", B "
                    + sideB.metadata().hiddenDim() + "): activation vectors of different widths cannot be compared");
        Path tokenDiff = sideA.mainTrace() != null && sideB.mainTrace() != null ? tokenDiffPath(options.out()) : null;
        new DiffRun(sideA, sideB, alignment, plan, options, warn).write(tokenDiff);
        return new Result(options.out().toAbsolutePath(), tokenDiff == null ? null : tokenDiff.toAbsolutePath(),
                alignment, options.fromSummaries(), List.copyOf(warnings));
    }

    /** {@code diff.json} → {@code diff.tokens.json}; a name without {@code .json} gets {@code .tokens.json} added. */
    public static Path tokenDiffPath(Path activationDiff) {
        String name = activationDiff.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return activationDiff.resolveSibling(stem + ".tokens.json");
    }

    private static void requireSidecars(TraceSide side, String which) {
        if (!side.fullSidecars())
            throw new BadInputException(side.activations(), "/steps", "trace " + which + " has no Tier 2 activation"
                    + " sidecars on every step; capture it with `heatmap capture ... --capture-full-activations`,"
                    + " or pass --from-summaries to compare the sparse top-neuron summaries instead");
    }
}
