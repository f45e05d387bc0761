package org.tokenheatmap.t3.analysis;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.t3.T3Reader;
import org.tokenheatmap.t3.T3Record;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a {@link TraceSummary} in one streaming pass: memory grows with the number of chain_states and
 * stages, never with the number of frames.
 */
public final class Summarizer {

    private T3Record.Meta meta;
    private final List<Geometry.Check> geometry = new ArrayList<>();
    private final List<Integer> ponderSteps = new ArrayList<>();
    private final List<Integer> haltSteps = new ArrayList<>();
    private final List<Act.Strain> strain = new ArrayList<>();
    private final Stats ponderDepth = new Stats();
    private final SortedMap<Integer, StageAccumulator> stages = new TreeMap<>();
    private int frames;
    private Double qMaxDeviation;

    public static TraceSummary summarize(Path file, T3Reader.Mode mode) {
        Summarizer s = new Summarizer();
        try (T3Reader reader = new T3Reader(file, mode)) {
            for (T3Record r = reader.next(); r != null; r = reader.next()) s.accept(r, file, reader.lineNumber());
            if (s.meta == null) throw new BadInputException(file, "", "no meta record: not a T³ trace");
            return s.result(reader);
        }
    }

    private void accept(T3Record record, Path file, int line) {
        switch (record) {
            case T3Record.Meta m when meta == null -> {
                meta = m;
                for (int i = 0; i < m.nStages(); i++) stages.put(i, new StageAccumulator());
            }
            case T3Record.Meta m -> throw new BadInputException(file, "line " + line, "a second meta record");
            case T3Record.StageGeom g -> geometry.add(Geometry.check(g));
            case T3Record.ChainState c -> {
                ponderSteps.add(c.actPonderSteps());
                ponderDepth.add(c.actPonderSteps());
                haltSteps.add(Act.haltStep(c.actHaltProbs()));
                strain.add(Act.strain(c));
            }
            case T3Record.Frame f -> {
                if (meta == null) throw new BadInputException(file, "line " + line, "frame before the meta record");
                frames++;
                stages.computeIfAbsent(f.stageIdx(), k -> new StageAccumulator()).add(f);
                noteQDeviation(f);
            }
        }
    }

    private void noteQDeviation(T3Record.Frame f) {
        int[] sig = meta.primitiveSignature();
        for (int h = 0; h < Math.min(f.q().length, f.primitives().length); h++) {
            if (f.primitives()[h].length != sig.length) continue;  // shape problems are validation's business
            double dev = Math.abs(f.q()[h] - Clifford.q(f.primitives()[h], sig));
            qMaxDeviation = qMaxDeviation == null ? dev : Math.max(qMaxDeviation, dev);
        }
    }

    private TraceSummary result(T3Reader reader) {
        SortedMap<Integer, TraceSummary.QDistribution> q = new TreeMap<>();
        List<TraceSummary.StageActivity> activity = new ArrayList<>();
        stages.forEach((idx, acc) -> {
            q.put(idx, acc.qDistribution());
            activity.add(acc.activity(idx));
        });
        return new TraceSummary(meta.schemaVersion(), meta.prompt(), meta.promptId(), meta.lineage(), meta.ckpt(),
                meta.created(), meta.capabilities(), meta.primitiveNames(), meta.primitiveSignature(),
                meta.nStages(), meta.nHeads(), meta.nPrimitives(), meta.nTokens(), ponderSteps.size(), frames,
                List.copyOf(ponderSteps), java.util.Collections.unmodifiableList(haltSteps), ponderDepth.summary(),
                List.copyOf(strain), q, activity, List.copyOf(geometry), qMaxDeviation, reader.brokenLines(),
                reader.problems());
    }

    /** Running totals of one stage's frames. */
    private static final class StageAccumulator {
        long frames, spacelike, timelike, nullCone;
        int actCalls;
        final Stats suppression = new Stats(), selfSurprise = new Stats(), entropy = new Stats();

        void add(T3Record.Frame f) {
            frames++;
            actCalls = Math.max(actCalls, f.actCall() + 1);
            for (double v : f.q()) {
                switch (Clifford.classify(v)) {
                    case SPACELIKE -> spacelike++;
                    case TIMELIKE -> timelike++;
                    case NULL -> nullCone++;
                }
            }
            suppression.addAll(f.suppression());
            selfSurprise.addAll(f.selfSurprise());
            entropy.add(f.outputEntropyEma());
        }

        TraceSummary.QDistribution qDistribution() {
            long heads = spacelike + timelike + nullCone;
            return heads == 0 ? new TraceSummary.QDistribution(0, 0, 0, 0)
                    : new TraceSummary.QDistribution(heads, (double) spacelike / heads, (double) timelike / heads,
                    (double) nullCone / heads);
        }

        TraceSummary.StageActivity activity(int idx) {
            return new TraceSummary.StageActivity(idx, frames, actCalls, suppression.summary(),
                    selfSurprise.summary(), entropy.summary());
        }
    }
}
