package org.tokenheatmap.compare;

import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.compare.Alignment.Mismatch;
import org.tokenheatmap.compare.Alignment.Pair;

/** Aligns two step sequences; the algorithms are described step by step in docs/compare.md. */
public final class Aligner {

    private Aligner() {}

    /**
     * @throws IncompatibleTracesException when {@code token_id} is requested for two different tokenizers
     */
    public static Alignment align(StepIndex a, StepIndex b, AlignmentMode requested,
                                  String fingerprintA, String fingerprintB) {
        AlignmentMode applied = requested.resolve(fingerprintA, fingerprintB);
        var pairs = new ArrayList<Pair>();
        var mismatches = new ArrayList<Mismatch>();
        if (applied == AlignmentMode.TOKEN_ID) {
            if (!fingerprintA.equals(fingerprintB))
                throw new IncompatibleTracesException("token_id alignment needs one tokenizer, but A's fingerprint is '"
                        + fingerprintA + "' and B's is '" + fingerprintB + "'; use --mode position (or auto)");
            byTokenId(a, b, pairs, mismatches);
        } else {
            byPosition(a, b, pairs, mismatches);
        }
        return new Alignment(requested, applied, fingerprintA, fingerprintB, pairs, mismatches);
    }

    /** Zip on step index: equal token ids pair, different ones are both {@code token_id_divergence}. */
    static void byTokenId(StepIndex a, StepIndex b, List<Pair> pairs, List<Mismatch> mismatches) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            if (a.tokenId(i) == b.tokenId(i)) {
                pairs.add(new Pair(i, i));
            } else {
                mismatches.add(Mismatch.inA(i, MismatchReason.TOKEN_ID_DIVERGENCE));
                mismatches.add(Mismatch.inB(i, MismatchReason.TOKEN_ID_DIVERGENCE));
            }
        }
        addTrailing(a, b, common, common, mismatches);
    }

    /**
     * Greedy two-pointer sweep over the spans [offset, next offset). With i, j the first unconsumed steps of A and B:
     * if their spans start at the same offset or overlap, they pair (the earliest candidate on both sides wins);
     * otherwise the span that ends first (entirely before the other) is an {@code offset_gap} and only that side
     * advances. What is left when one side runs out is trailing.
     */
    static void byPosition(StepIndex a, StepIndex b, List<Pair> pairs, List<Mismatch> mismatches) {
        int i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            long startA = a.spanStart(i), startB = b.spanStart(j);
            if (startA == startB || Math.max(startA, startB) < Math.min(a.spanEnd(i), b.spanEnd(j))) {
                pairs.add(new Pair(i++, j++));
            } else if (a.spanEnd(i) <= startB) {
                mismatches.add(Mismatch.inA(i++, MismatchReason.OFFSET_GAP));
            } else {
                mismatches.add(Mismatch.inB(j++, MismatchReason.OFFSET_GAP));
            }
        }
        addTrailing(a, b, i, j, mismatches);
    }

    private static void addTrailing(StepIndex a, StepIndex b, int fromA, int fromB, List<Mismatch> mismatches) {
        for (int i = fromA; i < a.size(); i++) mismatches.add(Mismatch.inA(i, MismatchReason.TRAILING_STEPS_IN_A));
        for (int j = fromB; j < b.size(); j++) mismatches.add(Mismatch.inB(j, MismatchReason.TRAILING_STEPS_IN_B));
    }
}
