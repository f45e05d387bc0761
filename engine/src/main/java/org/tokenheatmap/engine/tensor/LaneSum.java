package org.tokenheatmap.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a float vector's lanes in one fixed pairwise order, whatever runs it: the interpreter, C1 or C2.
 * <p>
 * {@code reduceLanes(ADD)} leaves the order of its additions unspecified, and HotSpot uses that freedom: C2's intrinsic
 * adds in a tree while the Java fallback (interpreter, C1) adds lane by lane. The same dot product therefore came out
 * an ulp apart before and after a method was compiled, so two captures of the same prompt differed in the last digits
 * of their activations and log-probabilities, depending on when the JIT got to which kernel. Lane-wise adds and
 * rearranges are exact in every mode, so folding halves with them gives the same bits everywhere, at about the cost
 * of the intrinsic (a few nanoseconds per dot product).
 */
public final class LaneSum {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Fold steps: lane i += lane i ^ d for d = n/2, n/4, ..., 1; null where d is not below the lane count n. */
    private static final VectorShuffle<Float> FOLD_32 = fold(32);
    private static final VectorShuffle<Float> FOLD_16 = fold(16);
    private static final VectorShuffle<Float> FOLD_8 = fold(8);
    private static final VectorShuffle<Float> FOLD_4 = fold(4);
    private static final VectorShuffle<Float> FOLD_2 = fold(2);
    private static final VectorShuffle<Float> FOLD_1 = fold(1);

    static {
        if (F.length() > 64) throw new ExceptionInInitializerError("more than 64 float lanes: " + F.length());
    }

    private LaneSum() {}

    private static VectorShuffle<Float> fold(int distance) {
        return distance < F.length() ? VectorShuffle.fromOp(F, i -> i ^ distance) : null;
    }

    /** {@code Σ v[i]} in a fixed order; {@code v} must be of the preferred species (up to 64 lanes). */
    public static float of(FloatVector v) {
        // Branches on constants: C2 folds them away for the machine's lane count.
        if (FOLD_32 != null) v = v.add(v.rearrange(FOLD_32));
        if (FOLD_16 != null) v = v.add(v.rearrange(FOLD_16));
        if (FOLD_8 != null) v = v.add(v.rearrange(FOLD_8));
        if (FOLD_4 != null) v = v.add(v.rearrange(FOLD_4));
        if (FOLD_2 != null) v = v.add(v.rearrange(FOLD_2));
        if (FOLD_1 != null) v = v.add(v.rearrange(FOLD_1));
        return v.lane(0);
    }
}
