package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.formats.trace.ActivationDiff;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.LayerDelta;

/** compare() on runs written with the formats writers, checked by the numpy / jsonschema reference script. */
class CompareActivationsTest {

    static final List<String> VOCAB_A = List.of("The", " cat", " sat", ".", " It", " ran", " The");
    static final List<String> VOCAB_B = List.of("Th", "e c", "at", " s", "at.", " It", " r", "an", "e");
    static final List<String> SENTENCE_A = List.of("The", " cat", " sat", ".", " It", " ran", ".");
    static final List<String> SENTENCE_B = List.of("Th", "e c", "at", " s", "at.", " It", " r", "an");

    @TempDir Path dir;

    /** A scored run of a 4-layer model that captured layers 0 and 2, with activation sidecars. */
    static RunFixture.Builder scored(String fingerprint, List<String> vocab, List<String> tokens, long seed) {
        return RunFixture.scored(fingerprint, vocab, tokens, seed).layers(4, List.of(0, 2));
    }

    Path run(String name, RunFixture.Builder fixture) { return fixture.build().write(dir.resolve(name)); }

    @Test
    void sameTokenizerDifferentActivationsMatchNumpy() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 1));
        Path b = run("b", scored("spm", VOCAB_A, List.of("The", " cat", " ran", ".", " It"), 2));
        Path out = dir.resolve("diff.json");
        var result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out).withTopK(5));
        assertEquals(AlignmentMode.TOKEN_ID, result.alignment().applied());
        assertEquals(dir.resolve("diff.tokens.json").toAbsolutePath(), result.tokenDiff());
        CompareReference.check(a, b, out, AlignmentMode.AUTO, 5, false);
    }

    @Test
    void crossTokenizerPositionAlignmentMatchesNumpyAndTheWorkedPairs() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 3));
        Path b = run("b", scored("bpe", VOCAB_B, SENTENCE_B, 4).layers(4, List.of(2, 3)));
        Path out = dir.resolve("cross.json");
        var warnings = new ArrayList<String>();
        var result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out).withWarnings(warnings::add));
        assertEquals(AlignmentMode.POSITION, result.alignment().applied());
        // "The cat sat." as in docs/compare.md, then " It" [12,15) = B5, " ran" [15,19) meets " r" [15,17), "." [19,20) is left
        assertEquals(List.of(new Alignment.Pair(0, 0), new Alignment.Pair(1, 1), new Alignment.Pair(2, 3),
                new Alignment.Pair(3, 4), new Alignment.Pair(4, 5), new Alignment.Pair(5, 6)), result.alignment().pairs());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("layers captured only in A") && w.contains("[0]")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("layers captured only in B") && w.contains("[3]")), warnings.toString());
        CompareReference.check(a, b, out, AlignmentMode.AUTO, 16, false);
        ActivationDiff diff = ActivationDiffReader.readAll(out);
        diff.steps().forEach(s -> assertEquals(List.of(2), s.delta().stream().map(LayerDelta::layer).distinct().toList()));
    }

    @Test
    void aTraceAgainstItselfHasNoDifference() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 5));
        Path out = dir.resolve("self.json");
        for (AlignmentMode mode : AlignmentMode.values()) {
            CompareActivations.compare(a, a, CompareActivations.Options.writingTo(out).withMode(mode));
            ActivationDiff diff = ActivationDiffReader.readAll(out);
            assertTrue(diff.header().alignment().mismatches().isEmpty());
            assertEquals(SENTENCE_A.size(), diff.steps().size());
            for (var step : diff.steps())
                for (LayerDelta d : step.delta()) {
                    assertEquals(0.0, d.l2());
                    assertEquals(1.0, d.cosine(), 1e-6);
                }
            CompareReference.check(a, a, out, mode, 16, false);
        }
    }

    @Test
    void swappingTheSidesNegatesDeltasAndSwapsTrailingReasons() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 6));
        Path b = run("b", scored("spm", VOCAB_A, List.of("The", " cat", " sat"), 7));
        ActivationDiff ab = ActivationDiffReader.readAll(
                CompareActivations.compare(a, b, CompareActivations.Options.writingTo(dir.resolve("ab.json"))).activationDiff());
        ActivationDiff ba = ActivationDiffReader.readAll(
                CompareActivations.compare(b, a, CompareActivations.Options.writingTo(dir.resolve("ba.json"))).activationDiff());
        assertEquals(ab.steps().size(), ba.steps().size());
        for (int s = 0; s < ab.steps().size(); s++)
            for (int d = 0; d < ab.steps().get(s).delta().size(); d++) {
                var x = ab.steps().get(s).delta().get(d).topChangedNeurons();
                var y = ba.steps().get(s).delta().get(d).topChangedNeurons();
                for (int n = 0; n < x.size(); n++) {
                    assertEquals(x.get(n).index(), y.get(n).index());
                    assertEquals(-x.get(n).delta(), y.get(n).delta(), 0.0);
                }
            }
        assertEquals(List.of("trailing_steps_in_a"), ab.header().alignment().mismatches().stream().map(m -> m.reason()).distinct().toList());
        assertEquals(List.of("trailing_steps_in_b"), ba.header().alignment().mismatches().stream().map(m -> m.reason()).distinct().toList());
    }

    @Test
    void withoutSidecarsItSaysHowToCaptureThemUnlessFromSummaries() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 8).sidecars(false));
        Path b = run("b", scored("bpe", VOCAB_B, SENTENCE_B, 9).submodules(List.of("resid_pre", "resid_post")));
        Path out = dir.resolve("summaries.json");
        var e = assertThrows(BadInputException.class,
                () -> CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out)));
        assertTrue(e.getMessage().contains("heatmap capture ... --capture-full-activations"), e.getMessage());
        assertTrue(e.getMessage().contains("--from-summaries"), e.getMessage());
        assertFalse(Files.exists(out));

        var warnings = new ArrayList<String>();
        var result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out)
                .withFromSummaries(true).withWarnings(warnings::add));
        assertTrue(result.fromSummaries());
        assertTrue(warnings.getFirst().contains("--from-summaries"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("submodules captured only in A")), warnings.toString());
        CompareReference.check(a, b, out, AlignmentMode.AUTO, 16, true);
    }

    @Test
    void anActivationTraceFileAloneGivesNoTokenDiff() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 10).mainTrace(false));
        Path b = run("b", scored("spm", VOCAB_A, SENTENCE_A, 11));
        Path out = dir.resolve("files.json");
        var result = CompareActivations.compare(a.resolve("activations.json"), b.resolve("activations.json"),
                CompareActivations.Options.writingTo(out).withMode(AlignmentMode.POSITION));
        assertNull(result.tokenDiff());
        CompareReference.check(a.resolve("activations.json"), b.resolve("activations.json"), out, AlignmentMode.POSITION, 16, false);
    }

    @Test
    void tokenIdModeRefusesTwoTokenizers() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 12));
        Path b = run("b", scored("bpe", VOCAB_B, SENTENCE_B, 13));
        var e = assertThrows(IncompatibleTracesException.class, () -> CompareActivations.compare(a, b,
                CompareActivations.Options.writingTo(dir.resolve("x.json")).withMode(AlignmentMode.TOKEN_ID)));
        assertTrue(e.getMessage().contains("'spm'") && e.getMessage().contains("'bpe'"), e.getMessage());
    }

    @Test
    void aBrokenSidecarLeavesNoOutputBehind() throws Exception {
        Path a = run("a", scored("spm", VOCAB_A, SENTENCE_A, 14));
        Path b = run("b", scored("spm", VOCAB_A, SENTENCE_A, 15));
        Files.write(b.resolve("activations/step_000004.npz"), new byte[] {'P', 'K', 3, 4, 0});
        Path outDir = Files.createDirectories(dir.resolve("out"));
        var e = assertThrows(BadInputException.class, () -> CompareActivations.compare(a, b,
                CompareActivations.Options.writingTo(outDir.resolve("diff.json"))));
        assertTrue(e.getMessage().contains("step_000004.npz"), e.getMessage());
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
