package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tokenheatmap.compare.Alignment.Mismatch;
import org.tokenheatmap.compare.Alignment.Pair;

/** Invariants of both alignment modes on generated step sequences (random cuts of random texts, empty tokens). */
class AlignerPropertiesTest {

    @Provide
    Arbitrary<Long> seeds() { return Arbitraries.longs(); }

    @Property(tries = 400)
    void everyStepIsInExactlyOnePairOrMismatch(@ForAll("seeds") long seed) {
        var r = new Random(seed);
        StepIndex a = randomIndex(r), b = randomIndex(r);
        for (AlignmentMode mode : List.of(AlignmentMode.TOKEN_ID, AlignmentMode.POSITION)) {
            Alignment al = Aligner.align(a, b, mode, "fp", "fp");
            int[] seenA = new int[a.size()], seenB = new int[b.size()];
            for (Pair p : al.pairs()) { seenA[p.stepA()]++; seenB[p.stepB()]++; }
            for (Mismatch m : al.mismatches()) {
                if (m.stepA() != null) seenA[m.stepA()]++;
                if (m.stepB() != null) seenB[m.stepB()]++;
            }
            for (int count : seenA) assertEquals(1, count, mode + " " + al);
            for (int count : seenB) assertEquals(1, count, mode + " " + al);
        }
    }

    @Property(tries = 400)
    void positionPairsAreMonotoneAndTheirSpansMeet(@ForAll("seeds") long seed) {
        var r = new Random(seed);
        StepIndex a = randomIndex(r), b = randomIndex(r);
        Alignment al = Aligner.align(a, b, AlignmentMode.POSITION, "x", "y");
        Pair previous = null;
        for (Pair p : al.pairs()) {
            if (previous != null)
                assertTrue(p.stepA() > previous.stepA() && p.stepB() > previous.stepB(), "not monotone: " + al.pairs());
            long a0 = a.spanStart(p.stepA()), a1 = a.spanEnd(p.stepA()), b0 = b.spanStart(p.stepB()), b1 = b.spanEnd(p.stepB());
            assertTrue(a0 == b0 || Math.max(a0, b0) < Math.min(a1, b1), "spans do not meet: " + p);
            previous = p;
        }
        for (Mismatch m : al.mismatches()) {
            if (m.reason() == MismatchReason.TOKEN_ID_DIVERGENCE) throw new AssertionError("token reason in position mode");
        }
    }

    @Property(tries = 200)
    void oneTokenizerAndOneTextGiveTheSamePairsInBothModes(@ForAll("seeds") long seed) {
        StepIndex a = randomIndex(new Random(seed));
        StepIndex same = new StepIndex(a.tokenIds(), a.offsets(), a.textEnd());
        Alignment byId = Aligner.align(a, same, AlignmentMode.TOKEN_ID, "fp", "fp");
        Alignment byPosition = Aligner.align(a, same, AlignmentMode.POSITION, "fp", "fp");
        assertEquals(byId.pairs(), byPosition.pairs());
        assertEquals(a.size(), byId.pairs().size());
        assertTrue(byId.mismatches().isEmpty() && byPosition.mismatches().isEmpty());
    }

    @Property(tries = 400)
    void swappingTheSidesSwapsPairsAndTrailingReasons(@ForAll("seeds") long seed) {
        var r = new Random(seed);
        StepIndex a = randomIndex(r), b = randomIndex(r);
        for (AlignmentMode mode : List.of(AlignmentMode.TOKEN_ID, AlignmentMode.POSITION)) {
            Alignment ab = Aligner.align(a, b, mode, "fp", "fp"), ba = Aligner.align(b, a, mode, "fp", "fp");
            assertEquals(ab.pairs().stream().map(p -> new Pair(p.stepB(), p.stepA())).toList(), ba.pairs());
            assertEquals(sorted(ab.mismatches().stream().map(AlignerPropertiesTest::mirrored).toList()), sorted(ba.mismatches()));
        }
    }

    @Property(tries = 200)
    void tokenIdModePairsExactlyTheEqualIdsOfTheCommonPrefix(@ForAll("seeds") long seed) {
        var r = new Random(seed);
        StepIndex a = randomIndex(r), b = randomIndex(r);
        Alignment al = Aligner.align(a, b, AlignmentMode.TOKEN_ID, "fp", "fp");
        var expected = new ArrayList<Pair>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) if (a.tokenId(i) == b.tokenId(i)) expected.add(new Pair(i, i));
        assertEquals(expected, al.pairs());
    }

    static Mismatch mirrored(Mismatch m) {
        MismatchReason reason = switch (m.reason()) {
            case TRAILING_STEPS_IN_A -> MismatchReason.TRAILING_STEPS_IN_B;
            case TRAILING_STEPS_IN_B -> MismatchReason.TRAILING_STEPS_IN_A;
            default -> m.reason();
        };
        return new Mismatch(m.stepB(), m.stepA(), reason);
    }

    private static List<Mismatch> sorted(List<Mismatch> ms) {
        return ms.stream().sorted(Comparator.comparing((Mismatch m) -> m.stepA() == null ? -1 : m.stepA())
                .thenComparing(m -> m.stepB() == null ? -1 : m.stepB()).thenComparing(Mismatch::reason)).toList();
    }

    /**
     * A random tokenization of a random-length text: cuts at random code points, now and then an empty token (a
     * byte that completes no character yet, same offset as the next), ids from a small vocabulary so that equal ids
     * happen, and the text end known (a main trace) or not (an activation trace alone).
     */
    static StepIndex randomIndex(Random r) {
        int length = r.nextInt(25);
        var offsets = new ArrayList<Integer>();
        for (int p = 0; p < length; p++) {
            if (p == 0 || r.nextInt(3) == 0) offsets.add(p);
            if (!offsets.isEmpty() && r.nextInt(10) == 0) offsets.add(offsets.getLast());
        }
        int[] ids = offsets.stream().mapToInt(o -> r.nextInt(3)).toArray();
        long end = r.nextBoolean() ? length : StepIndex.UNKNOWN_END;
        return StepIndex.checked("generated", ids, offsets.stream().mapToInt(Integer::intValue).toArray(), end);
    }
}
