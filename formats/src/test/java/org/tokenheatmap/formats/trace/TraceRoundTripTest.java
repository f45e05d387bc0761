package org.tokenheatmap.formats.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.validate.ActivationDiffValidator;
import org.tokenheatmap.formats.validate.ActivationTraceValidator;
import org.tokenheatmap.formats.validate.TraceValidator;

class TraceRoundTripTest {

    @TempDir
    Path dir;

    /** Writes a run directory (trace.json with attention + activations.json) and returns the written steps. */
    private List<Step> writeRun(Path run, int n) {
        TraceFixtures fx = new TraceFixtures(7, true);
        List<Step> steps = new ArrayList<>();
        try (TraceWriter w = TraceWriter.create(run.resolve("trace.json"), fx.header("activations.json"));
             ActivationTraceWriter a = ActivationTraceWriter.create(run.resolve("activations.json"), fx.activationHeader())) {
            for (int i = 0; i < n; i++) {
                Step s = fx.step(i, null);
                w.write(s);
                a.write(fx.activationStep(i, s.tokenId(), null));
                steps.add(s);
            }
            w.finish(TraceFixtures.summary(steps));
            a.finish();
        }
        return steps;
    }

    private Path writeDiff(Path target, int n) {
        TraceFixtures fx = new TraceFixtures(9, false);
        try (ActivationDiffWriter w = ActivationDiffWriter.create(target)) {
            for (int i = 0; i < n; i++) {
                w.write(fx.diffStep(i, 10 + i, 10 + i));
            }
            w.finish(new Alignment("token_id", "sha256:a", "sha256:a", List.of(new AlignmentMismatch(n, null, "trailing_steps_in_a"))));
        }
        return target;
    }

    @Test
    void writtenFilesValidateWithPythonJsonschemaAndOurValidator() throws Exception {
        Path run = dir.resolve("run");
        writeRun(run, 12);
        Path diff = writeDiff(dir.resolve("diff.json"), 6);
        Path empty = dir.resolve("empty/trace.json");
        try (TraceWriter w = TraceWriter.create(empty, new TraceFixtures(1, false).header(null))) {
            w.finish(TraceFixtures.summary(List.of()));
        }
        assertEquals(Map.of(run.resolve("trace.json"), "OK", empty, "OK", run.resolve("activations.json"), "OK", diff, "OK"),
                PythonJsonSchema.validate(Map.of(run.resolve("trace.json"), JsonFormat.TRACE, empty, JsonFormat.TRACE,
                        run.resolve("activations.json"), JsonFormat.ACTIVATION_TRACE, diff, JsonFormat.ACTIVATION_DIFF)));

        assertEquals(List.of(), new TraceValidator().validate(run.resolve("trace.json")));
        assertEquals(List.of(), new TraceValidator().validate(empty));
        assertEquals(List.of(), new ActivationTraceValidator().validate(run.resolve("activations.json")));
        assertEquals(List.of(), new ActivationDiffValidator().validate(diff));
    }

    @Test
    void readersReturnWhatWritersWrote() {
        Path run = dir.resolve("run");
        List<Step> steps = writeRun(run, 20);
        TraceFixtures fx = new TraceFixtures(7, true);
        Trace trace = TraceReader.readAll(run.resolve("trace.json"));
        assertEquals(fx.header("activations.json"), trace.header());
        assertEquals(steps, trace.steps());
        assertEquals(TraceFixtures.summary(steps), trace.summary());

        ActivationTrace activations = ActivationTraceReader.readAll(run.resolve("activations.json"));
        assertEquals(20, activations.steps().size());
        assertEquals(TraceFixtures.LAYERS, activations.header().activationMetadata().capturedLayers());

        ActivationDiff diff = ActivationDiffReader.readAll(writeDiff(dir.resolve("d.json"), 5));
        assertEquals("token_id", diff.header().alignment().mode());
        assertEquals(new TraceFixtures(9, false).diffStep(0, 10, 10), diff.steps().getFirst());
    }

    @Test
    void summaryIsReachableWithoutIteratingAndStepsStreamInOrder() {
        Path run = dir.resolve("run");
        List<Step> steps = writeRun(run, 5);
        try (TraceReader r = TraceReader.open(run.resolve("trace.json"))) {
            assertEquals(steps.get(0), r.next());
            assertEquals(5, r.summary().numSteps());
            assertFalse(r.hasNext());
        }
    }

    @Test
    void unfinishedOrFailedWritesLeaveNoFile() throws IOException {
        Path target = dir.resolve("crash/trace.json");
        TraceFixtures fx = new TraceFixtures(3, false);
        try (TraceWriter w = TraceWriter.create(target, fx.header(null))) {
            w.write(fx.step(0, null));
            // no finish: as if the capture died here
        }
        Step nan = new Step(0, 1, "x", 0, Double.NaN, 0.5, 1.0, 1, List.of(), null, null, null);
        try (TraceWriter w = TraceWriter.create(target, fx.header(null))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(nan));
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> w.write(fx.step(0, null)));
        }
        try (TraceWriter w = TraceWriter.create(target, fx.header(null))) {
            assertThrows(IllegalArgumentException.class, () -> w.write(fx.step(1, null)));
        }
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(), left.toList(), "temporary files must be removed");
        }
    }

    @Test
    void unknownMajorVersionIsAHardFailure() throws IOException {
        Path file = dir.resolve("v3.json");
        Files.writeString(file, "{\"schema_version\": \"3.0.0\", \"steps\": []}");
        BadInputException e = assertThrows(BadInputException.class, () -> TraceReader.open(file));
        assertEquals("/schema_version", e.place());
        assertEquals("unsupported major version 3 of trace.schema.json; this build reads 2.x", e.reason());
        // A newer minor is read.
        Path run = dir.resolve("run");
        writeRun(run, 1);
        String text = Files.readString(run.resolve("trace.json")).replace("\"2.0.0\"", "\"2.7.1\"");
        Files.writeString(file, text);
        assertEquals(1, TraceReader.readAll(file).steps().size());
    }

    @Test
    void headerAfterStepsIsFoundByASecondPass() throws IOException {
        Path file = dir.resolve("late.json");
        Files.writeString(file, """
                {"steps": [{"step": 0, "token_id": 1, "decoded_text_offset": 0, "activations": []}],
                 "activation_metadata": {"captured_submodules": ["resid_pre"], "num_layers": 2, "hidden_dim": 4,
                   "tokenizer_fingerprint": "f"},
                 "schema_version": "1.1.0"}""");
        try (ActivationTraceReader r = ActivationTraceReader.open(file)) {
            assertEquals(4, r.header().activationMetadata().hiddenDim());
            assertEquals(1, r.next().tokenId());
        }
    }
}
