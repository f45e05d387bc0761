package org.tokenheatmap.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.tokenheatmap.compare.Alignment.Pair;
import org.tokenheatmap.compare.SlotPlan.Slot;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationDiffWriter;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.ActivationTraceReader;
import org.tokenheatmap.formats.trace.AlignmentMismatch;
import org.tokenheatmap.formats.trace.DiffStep;
import org.tokenheatmap.formats.trace.LayerDelta;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.TraceReader;

/** The second, streaming pass of a comparison: walks the aligned pairs once and writes both diff files. */
final class DiffRun {
    private final TraceSide a, b;
    private final Alignment alignment;
    private final SlotPlan plan;
    private final CompareActivations.Options options;
    private final Consumer<String> warn;
    private final Set<Slot> warnedMissing = new HashSet<>();
    /** Reads B's sidecar while this thread reads A's: decompression dominates, and the two are independent. */
    private final ExecutorService readerB = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "diff-sidecar-reader");
        t.setDaemon(true);
        return t;
    });

    DiffRun(TraceSide a, TraceSide b, Alignment alignment, SlotPlan plan, CompareActivations.Options options,
            Consumer<String> warn) {
        this.a = a;
        this.b = b;
        this.alignment = alignment;
        this.plan = plan;
        this.options = options;
        this.warn = warn;
    }

    /** Writes the activation diff to {@code options.out()} and, unless {@code tokenOut} is null, the token diff. */
    void write(Path tokenOut) {
        boolean tokens = tokenOut != null;
        boolean activations = a.hasActivations() && b.hasActivations();
        try (var activationsA = activations ? ActivationTraceReader.open(a.activations()) : null;
             var activationsB = activations ? ActivationTraceReader.open(b.activations()) : null;
             var tracesA = tokens ? TraceReader.open(a.mainTrace()) : null;
             var tracesB = tokens ? TraceReader.open(b.mainTrace()) : null;
             var tokenWriter = tokens ? new TokenDiffWriter(tokenOut, tokenHeader(tracesA, tracesB)) : null;
             var diffWriter = ActivationDiffWriter.create(options.out());
             readerB) {
            var stepsA = activations ? new StepCursor<>(a.activations(), activationsA) : null;
            var stepsB = activations ? new StepCursor<>(b.activations(), activationsB) : null;
            var tokenStepsA = tokens ? new StepCursor<>(a.mainTrace(), tracesA) : null;
            var tokenStepsB = tokens ? new StepCursor<>(b.mainTrace(), tracesB) : null;
            options.progress().start(alignment.pairs().size());
            int k = 0;
            for (Pair pair : alignment.pairs()) {
                int i = pair.stepA(), j = pair.stepB();
                // Without activations on both sides the activation diff still records the alignment, with no deltas.
                List<LayerDelta> deltas = activations ? deltas(stepsA.at(i), stepsB.at(j)) : List.of();
                diffWriter.write(new DiffStep(k, a.steps().tokenId(i), b.steps().tokenId(j), a.steps().offset(i),
                        b.steps().offset(j), deltas));
                if (tokens) {
                    Step tokenA = tokenStepsA.at(i), tokenB = tokenStepsB.at(j);
                    tokenWriter.write(TokenDiff.StepDiff.of(k, tokenA, tokenB, divergenceKey()));
                }
                k++;
                options.progress().step();
            }
            if (tokens) tokenWriter.finish(); // the token diff first: once diff.json exists, its companion does too
            diffWriter.finish(wireAlignment());
        }
    }

    private List<LayerDelta> deltas(ActivationStep stepA, ActivationStep stepB) {
        var deltas = new ArrayList<LayerDelta>(plan.slots().size());
        Future<StepVectors> pendingB = readerB.submit(() -> vectors(b, stepB));
        try (StepVectors va = vectors(a, stepA); StepVectors vb = await(pendingB)) {
            for (Slot slot : plan.slots()) {
                float[] x = va.get(slot.layer(), slot.submodule()), y = vb.get(slot.layer(), slot.submodule());
                if (x == null || y == null) {
                    if (warnedMissing.add(slot))
                        warn.accept("layer " + slot.layer() + " " + slot.submodule() + " is missing from "
                                + (x == null ? va.source() : vb.source()) + " (and maybe other steps); skipped there");
                    continue;
                }
                LayerDelta delta = VectorDiff.of(slot.layer(), slot.submodule(), x, y, options.topK());
                if (!Double.isFinite(delta.l2()) || !Double.isFinite(delta.cosine()))
                    throw new BadInputException(va.source() + " / " + vb.source(),
                            "layer_" + slot.layer() + "/" + slot.submodule(), "activation values are not all finite");
                deltas.add(delta);
            }
        }
        return deltas;
    }

    private static StepVectors await(Future<StepVectors> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a sidecar", e);
        }
    }

    private StepVectors vectors(TraceSide side, ActivationStep step) {
        int hidden = side.metadata().hiddenDim();
        return options.fromSummaries() ? new SummaryVectors(side.activations(), step, hidden)
                : SidecarVectors.open(side.activations(), step.activationSidecarRef(), step.step(), hidden);
    }

    private TokenDiff.Header tokenHeader(TraceReader tracesA, TraceReader tracesB) {
        int unpairedA = (int) alignment.mismatches().stream().filter(m -> m.stepA() != null).count();
        return new TokenDiff.Header(TokenDiff.SCHEMA_VERSION,
                options.out().getFileName().toString(), // the two files are siblings
                source(a, tracesA), source(b, tracesB),
                new TokenDiff.AlignmentInfo(alignment.requested().wireName(), alignment.applied().wireName(),
                        alignment.pairs().size(), unpairedA, alignment.mismatches().size() - unpairedA),
                options.fromSummaries() ? "summaries" : "sidecars",
                new TokenDiff.Divergence("jensen_shannon", 2, divergenceKey().wireName()));
    }

    /** Token ids mean the same on both sides only with one tokenizer; across tokenizers, compare texts. */
    private TokenDivergence.Key divergenceKey() {
        return alignment.fingerprintA().equals(alignment.fingerprintB()) ? TokenDivergence.Key.TOKEN_ID : TokenDivergence.Key.TEXT;
    }

    private static TokenDiff.Source source(TraceSide side, TraceReader trace) {
        var model = trace.header().model();
        return new TokenDiff.Source(side.mainTrace().toString(), model == null ? null : model.name(), side.fingerprint());
    }

    private org.tokenheatmap.formats.trace.Alignment wireAlignment() {
        var mismatches = alignment.mismatches().stream()
                .map(m -> new AlignmentMismatch(m.stepA(), m.stepB(), m.reason().wireName())).toList();
        return new org.tokenheatmap.formats.trace.Alignment(alignment.requested().wireName(),
                alignment.fingerprintA(), alignment.fingerprintB(), mismatches);
    }
}
