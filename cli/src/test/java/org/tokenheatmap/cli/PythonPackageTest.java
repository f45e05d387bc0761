package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.sidecar.SidecarJson;
import org.tokenheatmap.formats.sidecar.Sidecars;
import org.tokenheatmap.formats.trace.Alternative;
import org.tokenheatmap.formats.trace.PromptToken;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Trace;
import org.tokenheatmap.formats.trace.TraceReader;
import org.tokenheatmap.testkit.ExternalProcess;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Python package ({@code python/}) on runs this build writes through the command line: a stories260K capture
 * with every Tier 2 sidecar (attention with Q/K/V, activations), a sampled one, a {@code --score-text} run, two
 * imported API responses, the activation + token diff of the two captures and the position diff of the score run
 * against the imported echo of the same text, and {@code heatmap export --html} of a capture and an import.
 * {@code expected.json} holds what Java's readers return for them. The package is installed as a user would
 * ({@code pip install ./python}, into a virtual environment beside the build that sees the machine's numpy,
 * jsonschema and pytest), then its pytest suite ({@code python/tests}) runs on these files.
 */
class PythonPackageTest {

    static final String TEXT = "Once upon a time";

    @TempDir Path work;

    @Test
    void pytestPassesOnRunsWrittenByThisBuild() throws Exception {
        Path fixtures = Files.createDirectories(work.resolve("fixtures"));
        String model = TestFiles.stories260kGguf().toString();
        ok("capture", "--model", model, "--prompt", TEXT, "--max-new-tokens", "6", "--capture-full-attention",
                "--capture-qkv", "--capture-full-activations", "--quiet", "--out", fixtures.resolve("capture").toString());
        ok("capture", "--model", model, "--prompt", TEXT, "--max-new-tokens", "6", "--temperature", "1", "--seed", "1",
                "--no-attention", "--capture-full-activations", "--quiet", "--out", fixtures.resolve("sampled").toString());
        ok("capture", "--model", model, "--score-text", TEXT, "--no-attention", "--quiet",
                "--out", fixtures.resolve("score").toString());
        Path responses = TestFiles.repo("importer/src/test/resources/responses");
        ok("import", responses.resolve("openai-completions-echo-score.json").toString(), "--text", TEXT,
                "--out", fixtures.resolve("imported").toString());
        ok("import", responses.resolve("openai-chat.json").toString(), "--out", fixtures.resolve("imported-chat").toString());
        Path diffs = Files.createDirectories(fixtures.resolve("diffs"));
        ok("diff", fixtures.resolve("capture").toString(), fixtures.resolve("sampled").toString(),
                "--out", diffs.resolve("capture-vs-sampled.json").toString());
        CliRun position = ok("diff", fixtures.resolve("score").toString(), fixtures.resolve("imported").toString(),
                "--mode", "position", "--out", diffs.resolve("score-vs-api.json").toString());
        assertTrue(position.err().contains("B has no activations.json"), position.err());
        ok("validate", fixtures.toString());
        ok("export", fixtures.resolve("capture").toString(), "--html", fixtures.resolve("capture.html").toString());
        ok("export", fixtures.resolve("imported").toString(), "--html", fixtures.resolve("imported.html").toString());
        writeExpected(fixtures);

        Path venv = work.resolve("venv");
        ExternalProcess.of(List.of("python3", "-m", "venv", "--system-site-packages", venv)).run();
        Path python = venv.resolve("bin/python");
        ExternalProcess.of(List.of(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                TestFiles.repo("python"))).withTimeout(Duration.ofMinutes(5)).run();
        String out = ExternalProcess.of(List.of(python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        TestFiles.repo("python/tests")))
                .in(TestFiles.repo("python")).withEnvironment("HEATMAP_PY_FIXTURES", fixtures.toString())
                .withEnvironment("MPLBACKEND", "Agg").withTimeout(Duration.ofMinutes(3)).run();
        System.out.println(out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d+ passed.*")) && !out.contains("failed") && !out.contains("error"), out);
    }

    private static CliRun ok(String... args) {
        CliRun r = heatmap(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r);
        return r;
    }

    /** What Java's readers return for each run, and two sidecars of each kind as {@code heatmap sidecar} prints them. */
    private static void writeExpected(Path fixtures) throws Exception {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode runs = root.putObject("runs");
        for (String name : List.of("capture", "sampled", "score", "imported", "imported-chat")) {
            Trace trace = TraceReader.readAll(fixtures.resolve(name).resolve("trace.json"));
            ObjectNode run = runs.putObject(name);
            ArrayNode steps = run.putArray("steps");
            for (Step s : trace.steps()) {
                ObjectNode o = steps.addObject().put("text", s.text()).put("token_id", s.tokenId()).put("logprob", s.logprob())
                        .put("entropy", s.entropy()).put("rank", s.rank()).put("offset", s.decodedTextOffset());
                ArrayNode top = o.putArray("top_k");
                for (Alternative a : s.topK()) top.addArray().add(a.tokenId()).add(a.logprob());
            }
            ArrayNode prompt = run.putArray("prompt");
            for (PromptToken p : trace.header().promptTokens())
                prompt.addObject().put("token_id", p.tokenId()).put("logprob", p.logprob());
        }
        Trace capture = TraceReader.readAll(fixtures.resolve("capture/trace.json"));
        int last = capture.steps().size() - 1;
        ObjectNode attention = root.putObject("attention_sidecars"), activation = root.putObject("activation_sidecars");
        for (int step : new int[] {0, last}) {
            attention.set(String.valueOf(step), SidecarJson.toTree(Sidecars.read(
                    fixtures.resolve("capture").resolve(capture.steps().get(step).attentionSidecarRef()))));
            activation.set(String.valueOf(step), SidecarJson.toTree(Sidecars.read(
                    fixtures.resolve("capture/activations/step_%06d.npz".formatted(step)))));
        }
        Files.writeString(fixtures.resolve("expected.json"), Json.mapper().writeValueAsString(root));
    }
}
