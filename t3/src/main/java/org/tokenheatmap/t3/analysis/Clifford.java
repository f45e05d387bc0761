package org.tokenheatmap.t3.analysis;

/** The Cl(p,q) invariant of one head and its classification. */
public final class Clifford {

    /** |Q| at or below this is "null" (near the light cone), as in the spec's loader example and PRODUCT.md. */
    public static final double NULL_BAND = 0.05;

    private Clifford() {}

    /** Q = Σ_k signature[k]·primitives[k]². */
    public static double q(double[] primitives, int[] signature) {
        double q = 0;
        for (int k = 0; k < primitives.length; k++) q += signature[k] * primitives[k] * primitives[k];
        return q;
    }

    public enum Kind { SPACELIKE, TIMELIKE, NULL }

    public static Kind classify(double q) {
        return q > NULL_BAND ? Kind.SPACELIKE : q < -NULL_BAND ? Kind.TIMELIKE : Kind.NULL;
    }
}
