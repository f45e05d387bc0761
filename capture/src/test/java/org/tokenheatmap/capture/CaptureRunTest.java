package org.tokenheatmap.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.trace.ActivationTrace;
import org.tokenheatmap.formats.trace.ActivationTraceReader;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Trace;
import org.tokenheatmap.formats.trace.TraceReader;
import org.tokenheatmap.formats.validate.ValidatorProblems;
import org.tokenheatmap.testkit.TestFiles;

import static org.junit.jupiter.api.Assertions.*;

/** End-to-end captures of stories260K, checked by the project's validators and by numpy / jsonschema. */
class CaptureRunTest {
    static CaptureModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        model = CaptureModel.open(TestFiles.stories260kGguf());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static CaptureResult capture(CaptureOptions options, Path out) {
        return Capture.run(CapturePlan.of(model, options), out, new CaptureControl(), CaptureListener.NONE);
    }

    /** Temporary files a capture left in {@code dir}. */
    static List<Path> leftovers(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Test
    void fullCaptureValidatesAndTier1AgreesWithNumpyOnTier2() throws Exception {
        Path run = tmp.resolve("run");
        CaptureResult r = capture(CaptureOptions.generate("Once upon a time").maxNewTokens(12).everything().build(), run);
        assertEquals(12, r.steps().size());
        assertEquals("max_new_tokens", r.stopReason());
        assertTrue(Files.isRegularFile(run.resolve("attention/step_000011.npz")));
        assertTrue(Files.isRegularFile(run.resolve("activations/step_000011.npz")));
        if (Files.getFileStore(run).supportsFileAttributeView("posix")) {
            var permissions = Files.getPosixFilePermissions(run);
            assertTrue(permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                    && permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE),
                    "a run directory is readable like its files, not owner-only: " + permissions);
        }
        assertEquals(List.of(), ValidatorProblems.of(run));
        String out = PythonRunCheck.check(run);
        assertTrue(out.contains("12 attention sidecars, 12 activation sidecars"), out);
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    void greedyLogprobsMatchTheIndependentGolden() throws Exception {
        var golden = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(TestFiles.goldenGreedy().toFile());
        for (var c : golden.get("cases")) {
            // llama2.c's "steps" counts positions; the generated tokens are all_tokens after the prompt
            int steps = c.get("all_tokens").size() - c.get("prompt_tokens").size();
            Path run = tmp.resolve("golden-" + steps);
            CaptureResult r = capture(CaptureOptions.generate(c.get("prompt").asString()).maxNewTokens(steps)
                    .attention(false).activations(false).build(), run);
            int[] prompt = r.promptTokens().stream().mapToInt(t -> t.tokenId()).toArray();
            int[] expectedPrompt = java.util.stream.StreamSupport.stream(c.get("prompt_tokens").spliterator(), false).mapToInt(n -> n.asInt()).toArray();
            assertArrayEquals(expectedPrompt, prompt);
            var all = c.get("all_tokens");
            assertEquals(steps, r.steps().size());
            for (int i = 0; i < r.steps().size(); i++) assertEquals(all.get(prompt.length + i).asInt(), r.steps().get(i).tokenId(), "step " + i);
            assertEquals(c.get("text").asString(), c.get("prompt").asString() + r.summary().generatedText());
            for (var pos : c.get("first_positions_top5")) {
                int p = pos.get("pos").asInt();
                // logits at position p score prompt token p + 1, or step p - (prompt - 1) once past the prompt
                var alternatives = p + 1 < prompt.length ? r.promptTokens().get(p + 1).topK() : r.steps().get(p - prompt.length + 1).topK();
                var top5 = pos.get("top5");
                for (int k = 0; k < 5; k++) {
                    assertEquals(top5.get(k).get(0).asInt(), alternatives.get(k).tokenId(), "pos " + p + " rank " + k);
                    assertEquals(top5.get(k).get(1).asString(), alternatives.get(k).text());
                    assertEquals(top5.get(k).get(2).asDouble(), Math.exp(alternatives.get(k).logprob()), 1e-4, "pos " + p + " rank " + k);
                }
            }
        }
    }

    @Test
    void promptScoresAgreeWithScoreModeOfTheSameText() {
        String text = "Lily saw a big red ball in the park.";
        CaptureResult gen = capture(CaptureOptions.generate(text).maxNewTokens(2).attention(false).activations(false).build(), tmp.resolve("g"));
        CaptureResult score = capture(CaptureOptions.score(text).build(), tmp.resolve("s"));
        assertEquals("end_of_text", score.stopReason());
        assertEquals(1, score.promptTokens().size());
        assertEquals(gen.promptTokens().size() - 1, score.steps().size());
        for (int i = 0; i < score.steps().size(); i++) {
            var p = gen.promptTokens().get(i + 1);
            Step s = score.steps().get(i);
            assertEquals(p.tokenId(), s.tokenId());
            assertEquals(p.logprob(), s.logprob(), 1e-5);
            assertEquals(p.entropy(), s.entropy(), 1e-5);
            assertEquals(p.rank(), s.rank());
        }
        assertEquals(text, score.summary().generatedText());
        // offsets index the scored text in code points; the first piece's leading space is dropped after BOS
        for (Step s : score.steps()) {
            String rest = text.substring(text.offsetByCodePoints(0, s.decodedTextOffset()));
            String piece = s.step() == 0 ? s.text().stripLeading() : s.text();
            assertTrue(rest.startsWith(piece), "step " + s.step() + " '" + piece + "' at " + s.decodedTextOffset());
        }
    }

    @Test
    void scoreModeOfALongTextCrossesChunksAndValidates() throws Exception {
        String text = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. ".repeat(4);
        Path run = tmp.resolve("score");
        // one layer keeps the Python check quick; the point is Tier 2 buffering across batched prefill positions
        CaptureResult r = capture(CaptureOptions.score(text).everything().layers(LayerSelection.parse("2")).build(), run);
        assertTrue(r.steps().size() > Capture.SCORE_CHUNK, "text should span several chunks");
        assertEquals(List.of(), ValidatorProblems.of(run));
        PythonRunCheck.check(run);
        // each step carries an equal share of its chunk's pass; the shares add up to at most the scoring time
        double shares = 0;
        for (Step s : r.steps()) {
            assertNotNull(s.timeMs(), "step " + s.step());
            assertTrue(s.timeMs() > 0, "step " + s.step());
            shares += s.timeMs();
        }
        assertEquals(r.steps().getFirst().timeMs(), r.steps().get(Capture.SCORE_CHUNK - 2).timeMs(), "one share per chunk");
        assertTrue(shares <= r.summary().prefillMs() + 1e-6, shares + " > " + r.summary().prefillMs());
    }

    @Test
    void stopStringEndsGenerationOnTheStepThatCompletesIt() throws Exception {
        var golden = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(TestFiles.goldenGreedy().toFile());
        String prompt = "Once upon a time";
        String continuation = null;
        for (var c : golden.get("cases")) if (c.get("prompt").asString().equals(prompt)) continuation = c.get("text").asString().substring(prompt.length());
        assertNotNull(continuation);
        // "girl named" spans several tokens; "Lily" is the first name the greedy story gives
        for (String stop : List.of("Lily", "girl named")) {
            Path run = tmp.resolve("stop-" + stop.length());
            CaptureResult r = capture(CaptureOptions.generate(prompt).maxNewTokens(44).attention(false).activations(false)
                    .stopStrings(List.of("never in this story", stop)).build(), run);
            assertEquals("stop_string", r.stopReason());
            String generated = r.summary().generatedText();
            assertTrue(continuation.startsWith(generated), generated);
            assertTrue(generated.length() >= continuation.indexOf(stop) + stop.length(), generated);
            // ASCII text: code point offsets are char offsets
            assertFalse(generated.substring(0, r.steps().getLast().decodedTextOffset()).contains(stop), generated);
            assertEquals(List.of(), ValidatorProblems.of(run));
            var generation = tools.jackson.databind.json.JsonMapper.builder().build().readTree(run.resolve("trace.json").toFile()).get("generation");
            assertEquals("stop_string", generation.get("stop_reason").asString());
            assertEquals(stop, generation.get("stop_strings").get(1).asString());
        }
    }

    @Test
    void samplingSettingsAreRecordedAsTyped() throws Exception {
        Path run = tmp.resolve("settings");
        capture(CaptureOptions.generate("Once upon a time").maxNewTokens(3).attention(false).activations(false)
                .sampling(new org.tokenheatmap.engine.generate.SamplingOptions(0.8f, 40, 0.95f, 0.05f, 7)).build(), run);
        String json = Files.readString(run.resolve("trace.json"));
        var generation = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).get("generation");
        assertEquals(0.8, generation.get("temperature").asDouble());
        assertEquals(0.95, generation.get("top_p").asDouble());
        assertEquals(0.05, generation.get("min_p").asDouble());
        assertFalse(json.contains("0.800000011920929"), "float widened to double");
    }

    @Test
    void layerAndSubmoduleSelection() throws Exception {
        Path run = tmp.resolve("sel");
        capture(CaptureOptions.generate("Zoo").maxNewTokens(3).everything().layers(LayerSelection.parse("1,3-4"))
                .submodules(Submodule.parseList("resid_post,o_proj")).build(), run);
        Trace trace = TraceReader.readAll(run.resolve("trace.json"));
        assertEquals(List.of(1, 3, 4), trace.header().attentionMetadata().capturedLayers());
        assertEquals(List.of(1, 3, 4), trace.steps().getFirst().attention().stream().map(a -> a.layer()).toList());
        ActivationTrace acts = ActivationTraceReader.readAll(run.resolve("activations.json"));
        assertEquals(List.of(1, 3, 4), acts.header().activationMetadata().capturedLayers());
        assertEquals(List.of("resid_post", "o_proj"), acts.header().activationMetadata().capturedSubmodules());
        assertEquals(6, acts.steps().getFirst().activations().size());
        assertEquals(List.of(), ValidatorProblems.of(run));
        PythonRunCheck.check(run);
    }

    @Test
    void interruptedCaptureLeavesAValidShorterRun() throws Exception {
        CaptureControl control = new CaptureControl();
        AtomicInteger seen = new AtomicInteger();
        CaptureListener stopAfterFour = new CaptureListener() {
            @Override
            public void stepCaptured(Step step) {
                if (seen.incrementAndGet() == 4) control.requestStop();
            }
        };
        Path run = tmp.resolve("interrupted");
        CapturePlan plan = CapturePlan.of(model, CaptureOptions.generate("Zoo").maxNewTokens(40).everything().build());
        CaptureResult r = Capture.run(plan, run, control, stopAfterFour);
        assertEquals("interrupted", r.stopReason());
        assertEquals(4, r.steps().size());
        assertEquals("interrupted", TraceReader.readAll(run.resolve("trace.json")).header().generation().stopReason());
        assertEquals(List.of(), ValidatorProblems.of(run));
        PythonRunCheck.check(run);
    }

    @Test
    void failedCaptureLeavesNoDirectoryBehind() throws Exception {
        CaptureListener failing = new CaptureListener() {
            @Override
            public void stepCaptured(Step step) {
                if (step.step() == 2) throw new IllegalStateException("disk full (simulated)");
            }
        };
        Path run = tmp.resolve("failed");
        CapturePlan plan = CapturePlan.of(model, CaptureOptions.generate("Zoo").maxNewTokens(10).everything().build());
        var e = assertThrows(IllegalStateException.class, () -> Capture.run(plan, run, new CaptureControl(), failing));
        assertEquals("disk full (simulated)", e.getMessage());
        assertFalse(Files.exists(run));
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    void refusesANonEmptyOutputDirectory() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(run.resolve("keep.txt"), "mine");
        CapturePlan plan = CapturePlan.of(model, CaptureOptions.generate("Zoo").maxNewTokens(2).build());
        assertThrows(IllegalArgumentException.class, () -> Capture.run(plan, run, new CaptureControl(), CaptureListener.NONE));
        assertEquals("mine", Files.readString(run.resolve("keep.txt")));
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    void sizeEstimateRefusesLargeOutputAndIsAnUpperBound() throws Exception {
        CapturePlan plan = CapturePlan.of(model, CaptureOptions.generate("Zoo").maxNewTokens(20).everything().build());
        var e = assertThrows(IllegalArgumentException.class, () -> plan.requireOutputWithin(10_000));
        assertTrue(e.getMessage().contains("--max-output-size"), e.getMessage());
        plan.requireOutputWithin(plan.estimate().total());
        Path run = tmp.resolve("sized");
        Capture.run(plan, run, new CaptureControl(), CaptureListener.NONE);
        long actual;
        try (var files = Files.walk(run)) {
            actual = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(actual <= plan.estimate().total(), actual + " > estimate " + plan.estimate().total());
        assertTrue(actual * 4 >= plan.estimate().total(), "estimate " + plan.estimate().total() + " far above actual " + actual);
    }
}
