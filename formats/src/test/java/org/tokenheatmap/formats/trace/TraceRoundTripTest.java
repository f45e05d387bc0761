package org.tokenheatmap.formats.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.fixtures.DiffFixture;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.validate.ActivationDiffValidator;
import org.tokenheatmap.formats.validate.ActivationTraceValidator;
import org.tokenheatmap.formats.validate.TraceValidator;

class TraceRoundTripTest {

    @TempDir
    Path dir;

    /** A run directory of {@code n} steps: trace.json with attention, and activations.json. */
    private static RunFixture run(int n) {
        return RunFixture.generated(7).steps(n).sidecars(false).build();
    }

    /** Two runs' activation diff of {@code n} steps, A's one more step being a mismatch. */
    private static DiffFixture diff(int n) {
        return new DiffFixture(RunFixture.generated(9).steps(n + 1).build(), RunFixture.generated(10).steps(n).build());
    }

    /** A run without attention or activations. */
    private static RunFixture plainRun(long seed, int n) {
        return RunFixture.generated(seed).steps(n).attention(false, false).activations(false, false).build();
    }

    @Test
    void writtenFilesValidateWithPythonJsonschemaAndOurValidator() throws Exception {
        Path run = run(12).write(dir.resolve("run"));
        Path diff = diff(6).writeActivationDiff(dir.resolve("diff.json"));
        Path empty = plainRun(1, 0).write(dir.resolve("empty")).resolve("trace.json");
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
        RunFixture fx = run(20);
        Path run = fx.write(dir.resolve("run"));
        Trace trace = TraceReader.readAll(run.resolve("trace.json"));
        assertEquals(fx.header(), trace.header());
        assertEquals(fx.steps(), trace.steps());
        assertEquals(fx.summary(), trace.summary());

        ActivationTrace activations = ActivationTraceReader.readAll(run.resolve("activations.json"));
        assertEquals(20, activations.steps().size());
        assertEquals(fx.layers(), activations.header().activationMetadata().capturedLayers());

        DiffFixture written = diff(5);
        ActivationDiff diff = ActivationDiffReader.readAll(written.writeActivationDiff(dir.resolve("d.json")));
        assertEquals(written.alignment(), diff.header().alignment());
        assertEquals(written.step(0), diff.steps().getFirst());
    }

    @Test
    void summaryIsReachableWithoutIteratingAndStepsStreamInOrder() {
        RunFixture fx = run(5);
        Path run = fx.write(dir.resolve("run"));
        try (TraceReader r = TraceReader.open(run.resolve("trace.json"))) {
            assertEquals(fx.step(0), r.next());
            assertEquals(5, r.summary().numSteps());
            assertFalse(r.hasNext());
        }
    }

    @Test
    void unfinishedOrFailedWritesLeaveNoFile() throws IOException {
        Path target = dir.resolve("crash/trace.json");
        RunFixture fx = plainRun(3, 2);
        try (TraceWriter w = TraceWriter.create(target, fx.header())) {
            w.write(fx.step(0));
            // no finish: as if the capture died here
        }
        Step nan = new Step(0, 1, "x", 0, Double.NaN, 0.5, 1.0, 1, List.of(), null, null, null);
        try (TraceWriter w = TraceWriter.create(target, fx.header())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(nan));
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> w.write(fx.step(0)));
        }
        try (TraceWriter w = TraceWriter.create(target, fx.header())) {
            assertThrows(IllegalArgumentException.class, () -> w.write(fx.step(1)));
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
        Path run = run(1).write(dir.resolve("run"));
        String text = Files.readString(run.resolve("trace.json")).replace("\"2.1.0\"", "\"2.7.1\"");
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
