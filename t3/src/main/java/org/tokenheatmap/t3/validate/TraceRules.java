package org.tokenheatmap.t3.validate;

import org.tokenheatmap.t3.T3Record;
import org.tokenheatmap.t3.analysis.Clifford;
import org.tokenheatmap.t3.analysis.Rotation;
import org.tokenheatmap.t3.analysis.Torus;

import java.util.function.BiConsumer;

/**
 * The rules of the spec that no JSON Schema can express: record order, counts equal to meta, array shapes equal
 * to n_heads / n_primitives / n_layers_per_stage, omega_flat / trivectors lengths, Q = Σ signature·primitive²,
 * and distances equal to the wraparound geodesic. Fed one record at a time; keeps only counters and meta.
 */
final class TraceRules {

    /** Tolerance for recomputed quantities (traces store float32 values). */
    static final double TOLERANCE = 1e-4;

    private enum Phase { START, GEOMS, STATES, FRAMES }

    private final BiConsumer<Integer, String> report;
    private Phase phase = Phase.START;
    private T3Record.Meta meta;
    private int metaLine, geoms, states, frames;
    private final Sequence tokenIdx = new Sequence("token_idx"), frameIdx = new Sequence("frame_idx");
    /** Lines that were not readable records: their type is unknown, so totals cannot be checked. */
    private boolean unreadable;

    /** {@code report} receives (line number, reason). */
    TraceRules(BiConsumer<Integer, String> report) {
        this.report = report;
    }

    /** Notes a record whose content could not be checked (schema errors): it still counts for order and totals. */
    void countOnly(String type, int line) {
        order(type, line);
        tokenIdx.skip();
        frameIdx.skip();
    }

    /** Notes a line that is not a readable record at all. */
    void unreadable() {
        unreadable = true;
        tokenIdx.skip();
        frameIdx.skip();
    }

    /**
     * A running index (token_idx, frame_idx) that should count 0, 1, 2, ... One wrong value or one gap is reported
     * once: after a mismatch, or a record that could not be read, the next value may continue either the old count
     * or the new one.
     */
    private final class Sequence {
        private final String name;
        private int next, alternative = -1;

        Sequence(String name) { this.name = name; }

        void check(int value, int line) {
            if (value != next && value != alternative)
                report.accept(line, name + " is " + value + ", expected " + next);
            alternative = value != next ? next + 1 : -1;
            next = value + 1;
        }

        void skip() {
            alternative = next + 1;
        }
    }

    void accept(T3Record record, int line) {
        if (!order(record.type(), line)) return;
        switch (record) {
            case T3Record.Meta m -> meta(m, line);
            case T3Record.StageGeom g -> { if (meta != null) stageGeom(g, line); }
            case T3Record.ChainState c -> { if (meta != null) chainState(c, line); }
            case T3Record.Frame f -> { if (meta != null) frame(f, line); }
        }
    }

    /** Advances the phase; false (after reporting) when the record is out of place. */
    private boolean order(String type, int line) {
        Phase want = switch (type) {
            case "meta" -> Phase.START;
            case "stage_geom" -> Phase.GEOMS;
            case "chain_state" -> Phase.STATES;
            default -> Phase.FRAMES;
        };
        switch (want) {
            case GEOMS -> geoms++;
            case STATES -> states++;
            case FRAMES -> frames++;
            default -> { }
        }
        if (phase == Phase.START && want != Phase.START) {
            report.accept(line, "the first record must be meta, found " + type);
            phase = want;
        } else if (want == Phase.START && phase != Phase.START) {
            report.accept(line, "a second meta record");
            return false;
        } else if (want.ordinal() < phase.ordinal()) {
            report.accept(line, type + " record out of order: meta, then stage_geom, then chain_state, then frame");
            return false;
        }
        if (want == Phase.STATES && phase == Phase.GEOMS && meta != null && geoms != meta.nStages())
            report.accept(line, "expected " + meta.nStages() + " stage_geom records before the chain_states, found " + geoms);
        if (want == Phase.START) {
            metaLine = line;
            phase = Phase.GEOMS;
            return true;
        }
        phase = want;
        return true;
    }

    private void meta(T3Record.Meta m, int line) {
        meta = m;
        int n = m.nPrimitives();
        if (m.nLayersPerStage().length != m.nStages())
            report.accept(line, "n_layers_per_stage has " + m.nLayersPerStage().length + " entries, n_stages is " + m.nStages());
        if (m.primitiveSignature().length != n)
            report.accept(line, "primitive_signature has " + m.primitiveSignature().length + " entries, n_primitives is " + n);
        if (m.primitiveNames().size() != n)
            report.accept(line, "primitive_names has " + m.primitiveNames().size() + " entries, n_primitives is " + n);
        if (m.nChainStates() != Math.max(m.nTokens(), 1))
            report.accept(line, "n_chain_states is " + m.nChainStates() + ", expected max(n_tokens, 1) = " + Math.max(m.nTokens(), 1));
    }

    private void stageGeom(T3Record.StageGeom g, int line) {
        int h = meta.nHeads();
        if (g.stageIdx() != geoms - 1)
            report.accept(line, "stage_idx is " + g.stageIdx() + ", expected " + (geoms - 1) + " (stage_geom records in stage order)");
        Shapes s = new Shapes(line);
        s.matrix("head_positions", g.headPositions(), h, 3);
        boolean distancesOk = s.matrix("distances", g.distances(), h, h);
        s.matrix("blockade_kernel", g.blockadeKernel(), h, h);
        s.matrix("cosurvival_matrix", g.cosurvivalMatrix(), h, h);
        s.matrix("cosurvival_modulation", g.cosurvivalModulation(), h, h);
        s.vector("cosurvival_head_loss_ema", g.cosurvivalHeadLossEma(), h);
        s.vector("cosurvival_protection_scores", g.cosurvivalProtectionScores(), h);
        if (distancesOk && s.ok) checkDistances(g, line);
    }

    private void checkDistances(T3Record.StageGeom g, int line) {
        double[][] want = Torus.distances(g.headPositions());
        double[][] d = g.distances();
        for (int i = 0; i < d.length; i++)
            for (int j = 0; j < d.length; j++) {
                if (Math.abs(d[i][j] - d[j][i]) > TOLERANCE) {
                    report.accept(line, "distances is not symmetric at [" + i + "][" + j + "]");
                    return;
                }
                if (Math.abs(d[i][j] - want[i][j]) > TOLERANCE) {
                    report.accept(line, "distances[" + i + "][" + j + "] is " + d[i][j]
                            + ", the wraparound geodesic of head_positions is " + want[i][j]);
                    return;
                }
            }
    }

    private void chainState(T3Record.ChainState c, int line) {
        tokenIdx.check(c.tokenIdx(), line);
        if (c.actPerStageSteps() != null)
            new Shapes(line).vector("act_per_stage_steps", new double[c.actPerStageSteps().length], meta.nStages());
    }

    private void frame(T3Record.Frame f, int line) {
        int h = meta.nHeads(), n = meta.nPrimitives();
        frameIdx.check(f.frameIdx(), line);
        if (f.stageIdx() >= meta.nStages()) {
            report.accept(line, "stage_idx " + f.stageIdx() + " is not below n_stages " + meta.nStages());
            return;
        }
        int layers = meta.nLayersPerStage().length > f.stageIdx() ? meta.nLayersPerStage()[f.stageIdx()] : -1;
        Shapes s = new Shapes(line);
        boolean primsOk = s.matrix("primitives", f.primitives(), h, n);
        s.vector("sigma", f.sigma(), h);
        boolean qOk = s.vector("Q", f.q(), h);
        s.vector("suppression", f.suppression(), h);
        s.vector("self_surprise", f.selfSurprise(), h);
        if (layers >= 0) {
            s.matrix("per_layer_suppression", f.perLayerSuppression(), layers, h);
            s.matrix("per_layer_attn_entropy", f.perLayerAttnEntropy(), layers, h);
        }
        capabilityLength("omega_flat", f.omegaFlat(), meta.capabilities().hasCoupling(), Rotation.pairs(n), "C(" + n + ",2)", line);
        capabilityLength("trivectors", f.trivectors(), meta.capabilities().hasTrivectors(), Rotation.triples(n), "C(" + n + ",3)", line);
        if (primsOk && qOk && meta.primitiveSignature().length == n) checkQ(f, line);
    }

    private void capabilityLength(String name, double[] v, boolean present, int want, String formula, int line) {
        if (present && v.length != want)
            report.accept(line, name + " has " + v.length + " entries, expected " + formula + " = " + want);
        else if (!present && v.length != 0)
            report.accept(line, name + " has " + v.length + " entries but the capability is false: expected [] or null");
    }

    private void checkQ(T3Record.Frame f, int line) {
        for (int h = 0; h < f.q().length; h++) {
            double want = Clifford.q(f.primitives()[h], meta.primitiveSignature());
            if (Math.abs(f.q()[h] - want) > TOLERANCE) {
                report.accept(line, "Q[" + h + "] is " + f.q()[h] + ", Σ signature·primitive² is " + want);
                return;
            }
        }
    }

    /** End-of-file checks: totals against meta, reported at meta's line. */
    void finish() {
        if (meta == null || unreadable) return;
        count("stage_geom", geoms, meta.nStages(), "n_stages");
        count("chain_state", states, meta.nChainStates(), "n_chain_states");
        count("frame", frames, meta.nFrames(), "n_frames");
    }

    private void count(String type, int found, int declared, String field) {
        if (found != declared)
            report.accept(metaLine, field + " is " + declared + " but the file has " + found + " " + type + " records");
    }

    /** Shape checks of one line; the first mismatch per field is reported. */
    private final class Shapes {
        final int line;
        boolean ok = true;

        Shapes(int line) { this.line = line; }

        boolean vector(String name, double[] v, int n) {
            if (v.length == n) return true;
            ok = false;
            report.accept(line, name + " has " + v.length + " entries, expected " + n);
            return false;
        }

        boolean matrix(String name, double[][] m, int rows, int cols) {
            if (m.length != rows) {
                ok = false;
                report.accept(line, name + " has " + m.length + " rows, expected " + rows);
                return false;
            }
            for (int i = 0; i < rows; i++)
                if (m[i].length != cols) {
                    ok = false;
                    report.accept(line, name + "[" + i + "] has " + m[i].length + " entries, expected " + cols);
                    return false;
                }
            return true;
        }
    }
}
