package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.compare.Alignment.Mismatch;
import org.tokenheatmap.compare.Alignment.Pair;
import org.tokenheatmap.formats.BadInputException;

/** Hand-worked cases; the first is the worked example of docs/compare.md. */
class AlignerExamplesTest {

    /** Offsets of the given token texts laid end to end, text end known. */
    static StepIndex tokens(String... texts) {
        int[] offsets = new int[texts.length];
        int at = 0;
        for (int i = 0; i < texts.length; i++) {
            offsets[i] = at;
            at += texts[i].codePointCount(0, texts[i].length());
        }
        return new StepIndex(new int[texts.length], offsets, at);
    }

    @Test
    void docsWorkedExample() {
        // A: "The" [0,3) " cat" [3,7) " sat" [7,11) "." [11,12)
        // B: "Th" [0,2) "e c" [2,5) "at" [5,7) " s" [7,9) "at." [9,12) " It" [12,15)
        StepIndex a = tokens("The", " cat", " sat", ".");
        StepIndex b = tokens("Th", "e c", "at", " s", "at.", " It");
        Alignment al = Aligner.align(a, b, AlignmentMode.POSITION, "spm", "bpe");
        assertEquals(List.of(new Pair(0, 0), new Pair(1, 1), new Pair(2, 3), new Pair(3, 4)), al.pairs());
        assertEquals(List.of(new Mismatch(null, 2, MismatchReason.OFFSET_GAP),
                new Mismatch(null, 5, MismatchReason.TRAILING_STEPS_IN_B)), al.mismatches());
    }

    @Test
    void aCoarseTokenPairsWithTheFirstFineOneOnly() {
        Alignment al = Aligner.align(tokens("Hello"), tokens("He", "llo"), AlignmentMode.POSITION, "a", "b");
        assertEquals(List.of(new Pair(0, 0)), al.pairs());
        assertEquals(List.of(new Mismatch(null, 1, MismatchReason.TRAILING_STEPS_IN_B)), al.mismatches());
    }

    @Test
    void anEmptyTokenCoversItsStartCodePoint() {
        // B's first token is a lone byte of "é" (empty text, same offset as the token that completes it)
        StepIndex a = tokens("é", "t", "é");
        StepIndex b = new StepIndex(new int[4], new int[] {0, 0, 1, 2}, 3);
        Alignment al = Aligner.align(a, b, AlignmentMode.POSITION, "a", "b");
        assertEquals(List.of(new Pair(0, 0), new Pair(1, 2), new Pair(2, 3)), al.pairs());
        assertEquals(List.of(new Mismatch(null, 1, MismatchReason.OFFSET_GAP)), al.mismatches());
    }

    @Test
    void withoutATextEndTheLastStepReachesToTheEnd() {
        StepIndex a = new StepIndex(new int[2], new int[] {0, 4}, StepIndex.UNKNOWN_END);
        StepIndex b = tokens("ab", "cd", "ef", "gh");
        Alignment al = Aligner.align(a, b, AlignmentMode.POSITION, "a", "b");
        // A1 = [4, ∞) meets B2 = [4, 6); B3 is left over
        assertEquals(List.of(new Pair(0, 0), new Pair(1, 2)), al.pairs());
        assertEquals(List.of(new Mismatch(null, 1, MismatchReason.OFFSET_GAP),
                new Mismatch(null, 3, MismatchReason.TRAILING_STEPS_IN_B)), al.mismatches());
    }

    @Test
    void tokenIdModeMarksDivergenceOnBothSidesAndTrailingSteps() {
        StepIndex a = new StepIndex(new int[] {5, 6, 7}, new int[] {0, 1, 2}, 3);
        StepIndex b = new StepIndex(new int[] {5, 9}, new int[] {0, 1}, 2);
        Alignment al = Aligner.align(a, b, AlignmentMode.AUTO, "same", "same");
        assertEquals(AlignmentMode.TOKEN_ID, al.applied());
        assertEquals(List.of(new Pair(0, 0)), al.pairs());
        assertEquals(List.of(new Mismatch(1, null, MismatchReason.TOKEN_ID_DIVERGENCE),
                new Mismatch(null, 1, MismatchReason.TOKEN_ID_DIVERGENCE),
                new Mismatch(2, null, MismatchReason.TRAILING_STEPS_IN_A)), al.mismatches());
        assertEquals("trailing_steps_in_a", al.mismatches().get(2).reason().wireName());
    }

    @Test
    void autoFallsBackToPositionAcrossTokenizersAndTokenIdRefusesThem() {
        StepIndex a = tokens("ab"), b = tokens("a", "b");
        assertEquals(AlignmentMode.POSITION, Aligner.align(a, b, AlignmentMode.AUTO, "x", "y").applied());
        var e = assertThrows(IncompatibleTracesException.class, () -> Aligner.align(a, b, AlignmentMode.TOKEN_ID, "x", "y"));
        assertEquals(true, e.getMessage().contains("--mode position"));
    }

    @Test
    void decreasingOffsetsAreBadInput() {
        var e = assertThrows(BadInputException.class,
                () -> StepIndex.checked("t.json", new int[2], new int[] {3, 2}, StepIndex.UNKNOWN_END));
        assertEquals("/steps/1/decoded_text_offset", e.place());
    }
}
