package org.tokenheatmap.compare;

import java.util.List;

/**
 * The outcome of aligning two traces: pairs of steps (ascending on both sides) and the steps left unpaired.
 * Every step of A and of B is in exactly one pair or one mismatch.
 *
 * @param requested the mode the caller asked for (written as {@code alignment.mode})
 * @param applied   {@link AlignmentMode#TOKEN_ID} or {@link AlignmentMode#POSITION}
 */
public record Alignment(AlignmentMode requested, AlignmentMode applied, String fingerprintA, String fingerprintB,
                        List<Pair> pairs, List<Mismatch> mismatches) {

    public Alignment {
        pairs = List.copyOf(pairs);
        mismatches = List.copyOf(mismatches);
    }

    /** Step {@code stepA} of A aligned with step {@code stepB} of B. */
    public record Pair(int stepA, int stepB) {}

    /** A step of one side with no partner; exactly one of {@code stepA}, {@code stepB} is non-null. */
    public record Mismatch(Integer stepA, Integer stepB, MismatchReason reason) {
        public Mismatch {
            if ((stepA == null) == (stepB == null))
                throw new IllegalArgumentException("a mismatch names exactly one side's step");
        }

        static Mismatch inA(int step, MismatchReason reason) { return new Mismatch(step, null, reason); }

        static Mismatch inB(int step, MismatchReason reason) { return new Mismatch(null, step, reason); }
    }
}
