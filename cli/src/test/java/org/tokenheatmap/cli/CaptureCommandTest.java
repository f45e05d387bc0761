package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.capture.PythonRunCheck;
import org.tokenheatmap.testkit.TestFiles;

/** `heatmap capture` / `heatmap demo` end to end, checked by `heatmap validate` and the independent numpy checker. */
class CaptureCommandTest {
    @TempDir
    Path dir;

    private void assertNoLeftovers() throws Exception {
        try (var s = Files.list(dir)) {
            assertEquals(0, s.filter(f -> f.getFileName().toString().contains(".tmp-")).count());
        }
    }

    @Test
    void fullCaptureByKnownNameValidates() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = heatmap("capture", "--model", "stories260K", "--prompt", "Once upon a time", "--max-new-tokens", "8",
                "--capture-full-attention", "--capture-qkv", "--capture-full-activations", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("estimated output: trace.json"), r.err());
        assertTrue(r.out().contains("8 steps (max_new_tokens)"), r.out());
        CliRun v = heatmap("validate", out.toString());
        assertEquals(0, v.exit(), v.toString());
        assertEquals("18 files checked: 18 valid, 0 invalid", v.out().strip(), "2 JSON files + 8 steps x 2 sidecars");
        PythonRunCheck.check(out);
        assertNoLeftovers();
    }

    @Test
    void stopStringsAndSamplingSettingsReachTheTrace() throws Exception {
        Path out = dir.resolve("stop");
        // top-k 1 keeps the sampled story greedy, which names Lily within a dozen tokens
        CliRun r = heatmap("capture", "--model", "stories260K", "--prompt", "Once upon a time", "--max-new-tokens", "40",
                "--stop", "no such text", "--stop", "Lily", "--temperature", "0.8", "--top-p", "0.95", "--top-k", "1",
                "--no-attention", "--no-activations", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("(stop_string)"), r.out());
        String trace = Files.readString(out.resolve("trace.json"));
        assertTrue(trace.contains("\"temperature\":0.8,"), "typed value, not the widened float");
        assertTrue(trace.contains("\"top_p\":0.95,"));
        assertTrue(trace.contains("\"stop_strings\":[\"no such text\",\"Lily\"]"));
        assertEquals(0, heatmap("validate", out.toString()).exit());
    }

    @Test
    void scoreTextWithLayerAndSubmoduleSelection() throws Exception {
        Path out = dir.resolve("score");
        CliRun r = heatmap("capture", "--model", TestFiles.stories260kBin().toString(), "--score-text", "The cat sat on the mat.",
                "--layers", "0,3-4", "--submodules", "resid_pre,mlp.down_proj", "--capture-full-activations", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("(end_of_text)"), r.out());
        assertEquals(0, heatmap("validate", out.toString()).exit());
        String trace = Files.readString(out.resolve("trace.json"));
        assertTrue(trace.contains("\"file_format\":\"llama2c\""), "llama2.c checkpoint with tok512.bin beside it");
        assertTrue(trace.contains("\"captured_layers\":[0,3,4]"));
        PythonRunCheck.check(out);
    }

    @Test
    void refusesOutputAboveTheLimitUnlessForced() throws Exception {
        Path out = dir.resolve("big");
        String[] args = {"capture", "--model", "stories260K", "--prompt", "Zoo", "--max-new-tokens", "50",
                "--capture-full-attention", "--capture-full-activations", "--max-output-size", "100KB", "--quiet", "--out", out.toString()};
        CliRun r = heatmap(args);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("above --max-output-size"), r.err());
        assertFalse(Files.exists(out));
        assertNoLeftovers();
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertEquals(0, heatmap(forced).exit());
        assertTrue(Files.isRegularFile(out.resolve("trace.json")));
    }

    @Test
    void usageAndInputErrors() {
        assertEquals(2, heatmap("capture", "--model", "stories260K", "--prompt", "a", "--score-text", "b", "--out", "x").exit());
        assertEquals(2, heatmap("capture", "--model", "stories260K", "--out", "x").exit());
        CliRun unknown = heatmap("capture", "--model", "no-such-model", "--prompt", "a", "--out", dir.resolve("u").toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("not a known model name"), unknown.err());
        CliRun badLayer = heatmap("capture", "--model", "stories260K", "--prompt", "a", "--layers", "9", "--out", dir.resolve("l").toString());
        assertEquals(1, badLayer.exit());
        assertTrue(badLayer.err().contains("layer 9 does not exist"), badLayer.err());
    }

    @Test
    void demoWithoutServerCapturesAValidRun() throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = heatmap("demo", "--no-serve", "--max-new-tokens", "20", "--seed", "7", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("probability:"), "terminal heatmap printed");
        assertEquals(0, heatmap("validate", out.toString()).exit());
        assertTrue(Files.readString(out.resolve("trace.json")).contains("\"seed\":7"));
    }
}
