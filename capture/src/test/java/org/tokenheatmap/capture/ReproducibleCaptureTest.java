package org.tokenheatmap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.testkit.ChildJvm;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same capture gives the same files, byte for byte (timings and the creation time aside), whether the kernels and
 * probes run under C1 (the Vector API's Java fallback, as at the start of any run) or C2-compiled after many rounds:
 * a researcher who captures a prompt twice can diff the runs and see zeros.
 */
class ReproducibleCaptureTest {
    private static final int COMPILED_ROUNDS = 6;

    @TempDir
    Path tmp;

    @Test
    void c1AndC2CapturesAreIdentical() throws Exception {
        Path early = tmp.resolve("c1"), late = tmp.resolve("c2");
        child(List.of("-XX:TieredStopAtLevel=1"), 1, early);
        child(List.of(), COMPILED_ROUNDS, late);
        Path a = early.resolve("round-0"), b = late.resolve("round-" + (COMPILED_ROUNDS - 1));
        List<Path> files = relativeFiles(a);
        assertEquals(files, relativeFiles(b));
        assertTrue(files.size() > 2 * 24, "trace, activations and 24 + 24 sidecars: " + files);
        for (Path f : files) {
            if (f.toString().equals(Capture.TRACE_FILE)) {
                assertEquals(withoutTimes(a.resolve(f)), withoutTimes(b.resolve(f)), "trace.json");
            } else {
                assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
            }
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    /** trace.json without what differs by design between two runs: wall-clock times and the creation instant. */
    private static JsonNode withoutTimes(Path trace) {
        ObjectNode t = (ObjectNode) JsonMapper.builder().build().readTree(trace.toFile());
        t.remove("created_at");
        ((ObjectNode) t.get("summary")).retain("num_prompt_tokens", "num_steps", "mean_logprob", "perplexity",
                "mean_entropy", "generated_text");
        for (JsonNode step : t.get("steps")) ((ObjectNode) step).remove("time_ms");
        return t;
    }

    private static void child(List<String> flags, int rounds, Path out) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(flags);
        ChildJvm.main(ReproducibleCaptureTest.class, options, TestFiles.stories260kGguf(), rounds, out)
                .withTimeout(Duration.ofSeconds(300)).run();
    }

    /** Child: {@code MODEL ROUNDS OUT}; captures the same prompt with every probe into OUT/round-i. */
    public static void main(String[] args) {
        try (CaptureModel model = CaptureModel.open(Path.of(args[0]))) {
            for (int round = 0; round < Integer.parseInt(args[1]); round++) {
                CaptureOptions options = CaptureOptions.generate("Once upon a time").maxNewTokens(24).everything().build();
                Capture.run(CapturePlan.of(model, options), Path.of(args[2], "round-" + round), new CaptureControl(),
                        CaptureListener.NONE);
            }
        }
    }
}
