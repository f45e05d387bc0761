package org.tokenheatmap.t3.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.tokenheatmap.t3.T3Record;
import org.tokenheatmap.t3.T3Trace;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Locale;
import java.util.stream.Collectors;

/** Human-readable text of the T³ analyses, as {@code heatmap t3 ...} prints them without --json. */
public final class Reports {

    /** A rotation is accepted when RᵀR is within this of I and det R within this of 1. */
    public static final double ROTATION_TOLERANCE = 1e-9;

    private Reports() {}

    /**
     * The rotation of frame {@code ordinal} of an opened trace. Without coupling Ω = 0 and R = I.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FrameRotation(int frame, int frameIdx, int stageIdx, int actCall, boolean hasCoupling,
                                double couplingMax, Rotation rotation, boolean hasTrivectors, String note) {
        @JsonProperty("ok")
        public boolean ok() {
            return rotation.orthogonalityError() <= ROTATION_TOLERANCE
                    && Math.abs(rotation.determinant() - 1) <= ROTATION_TOLERANCE;
        }
    }

    public static FrameRotation rotation(T3Trace trace, int ordinal) {
        T3Record.Frame f = trace.frame(ordinal);
        int n = trace.meta().nPrimitives();
        double couplingMax = trace.stageGeoms().stream().filter(g -> g.stageIdx() == f.stageIdx())
                .mapToDouble(T3Record.StageGeom::couplingMax).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(trace.file() + ": no stage_geom for stage " + f.stageIdx()));
        boolean coupling = f.omegaFlat().length > 0;
        double[] flat = coupling ? f.omegaFlat() : new double[Rotation.pairs(n)];
        Rotation r = Rotation.of(flat, n, couplingMax);
        boolean tri = f.trivectors().length > 0;
        return new FrameRotation(ordinal, f.frameIdx(), f.stageIdx(), f.actCall(), coupling, couplingMax, r, tri,
                tri ? Rotation.TRIVECTOR_NOTE : null);
    }

    public static String text(FrameRotation fr) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "frame %d (frame_idx %d, stage %d, act_call %d), coupling_max %s%n",
                fr.frame(), fr.frameIdx(), fr.stageIdx(), fr.actCall(), num(fr.couplingMax())));
        if (!fr.hasCoupling()) sb.append("no coupling in this trace (omega_flat empty): Ω = 0, R = I\n");
        sb.append("Ω = tanh(omega_flat)·coupling_max (antisymmetric):\n").append(matrix(fr.rotation().omega()));
        sb.append("R = expm(Ω):\n").append(matrix(fr.rotation().r()));
        sb.append(String.format(Locale.ROOT, "max |RᵀR − I| = %.3e   det R = %.15f   %s%n",
                fr.rotation().orthogonalityError(), fr.rotation().determinant(), fr.ok() ? "ok: R ∈ SO(N)" : "FAILED"));
        if (fr.note() != null) sb.append("note: ").append(fr.note()).append('\n');
        return sb.toString();
    }

    public static String text(TraceSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "T³ trace v%d  lineage %s  ckpt %s  prompt_id %s  created %s%n",
                s.schemaVersion(), s.lineage(), s.ckpt(), s.promptId(), s.created()));
        sb.append("prompt: ").append(s.prompt()).append('\n');
        sb.append(String.format(Locale.ROOT, "stages %d  heads %d  primitives %d %s  n_tokens %d  chain_states %d  frames %d%n",
                s.nStages(), s.nHeads(), s.nPrimitives(), s.primitiveNames(), s.nTokens(), s.nChainStates(), s.nFrames()));
        T3Record.Capabilities c = s.capabilities();
        sb.append(String.format(Locale.ROOT, "capabilities: coupling %s  trivectors %s  dyn_omega %s  inter_stage_pc %s  scratchpad %s%n",
                c.hasCoupling(), c.hasTrivectors(), c.hasDynOmega(), c.hasInterStagePc(), c.hasScratchpad()));
        sb.append("act_ponder_steps: ").append(s.actPonderSteps()).append('\n');
        sb.append("halt steps (p ≥ 0.99): ").append(s.haltSteps().stream().map(h -> h == null ? "-" : h.toString())
                .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        sb.append(String.format(Locale.ROOT, "ponder depth: mean %s  min %s  max %s%n", num(s.ponderDepth().mean()),
                num(s.ponderDepth().min()), num(s.ponderDepth().max())));
        sb.append("stage  frames  acts  spacelike  timelike   null   suppression(mean/max)  self_surprise(mean/max)\n");
        for (TraceSummary.StageActivity a : s.stages()) {
            TraceSummary.QDistribution q = s.qDistribution().get(a.stageIdx());
            sb.append(String.format(Locale.ROOT, "%5d  %6d  %4d  %8.2f%%  %7.2f%%  %5.2f%%   %9s / %-9s      %9s / %s%n",
                    a.stageIdx(), a.frames(), a.actCalls(), 100 * q.spacelike(), 100 * q.timelike(), 100 * q.nullCone(),
                    num(a.suppression().mean()), num(a.suppression().max()), num(a.selfSurprise().mean()),
                    num(a.selfSurprise().max())));
        }
        for (Geometry.Check g : s.geometry())
            sb.append(String.format(Locale.ROOT, "geometry stage %d: r0 %s exp %s  max dev distances %s  kernel %s%n",
                    g.stageIdx(), num(g.blockadeRadius()), num(g.blockadeExponent()), num(g.maxDistanceDeviation()),
                    num(g.maxKernelDeviation())));
        sb.append("max |Q − Σ sig·prim²|: ").append(num(s.qMaxDeviation())).append('\n');
        if (s.skippedLines() > 0) sb.append("skipped broken lines: ").append(s.skippedLines()).append('\n');
        return sb.toString();
    }

    private static String matrix(double[][] m) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : m) {
            for (double v : row) sb.append(String.format(Locale.ROOT, " %10.6f", v));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }
}
