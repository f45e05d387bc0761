package org.tokenheatmap.t3.analysis;

import org.tokenheatmap.t3.T3Record;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** ACT (adaptive computation) readings of one chain_state. */
public final class Act {

    /** Halt probability at or above which a ponder step counts as the halt step (the spec's "p ≈ 1.0"). */
    public static final double HALT_THRESHOLD = 0.99;

    private Act() {}

    /** First ponder index with halt probability ≥ 0.99, or null when the chain never halted within the trace. */
    public static Integer haltStep(double[] haltProbs) {
        for (int t = 0; t < haltProbs.length; t++) if (haltProbs[t] >= HALT_THRESHOLD) return t;
        return null;
    }

    /**
     * How the σ strain settled over the ponder steps of one forward.
     *
     * @param ratio last / first (null when there are no steps or the first is 0); below 1 means converging
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Strain(int tokenIdx, int steps, Double first, Double last, Double min, Double ratio) {}

    public static Strain strain(T3Record.ChainState c) {
        double[] s = c.actStrainValues();
        if (s.length == 0) return new Strain(c.tokenIdx(), 0, null, null, null, null);
        double min = s[0];
        for (double v : s) min = Math.min(min, v);
        double first = s[0], last = s[s.length - 1];
        return new Strain(c.tokenIdx(), s.length, first, last, min, first == 0 ? null : last / first);
    }
}
