package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.compare.AlignmentMode;
import org.tokenheatmap.compare.CompareReference;
import org.tokenheatmap.formats.trace.ActivationDiff;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.LayerDelta;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real stories260K captures diffed through the command line: the F32 model against its Q8_0 copy made by
 * {@code heatmap quantize} (the "float vs quantised" use case), greedy against sampled, and a run against itself.
 * Every diff is validated by {@code heatmap validate} and re-derived by compare_reference.py (numpy + jsonschema).
 */
class DiffEndToEndTest {

    static final String PROMPT = "Once upon a time";

    @TempDir static Path runs;
    static Path f32, q8, sampled;

    @TempDir Path dir;

    private static Path capture(Path model, String name, String... sampling) {
        Path out = runs.resolve(name);
        var args = new java.util.ArrayList<>(java.util.List.of("capture", "--model", model.toString(), "--prompt", PROMPT,
                "--max-new-tokens", "8", "--no-attention", "--capture-full-activations", "--quiet", "--out", out.toString()));
        args.addAll(java.util.List.of(sampling));
        CliRun r = heatmap(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return out;
    }

    @BeforeAll
    static void captureRuns() {
        Path gguf = TestFiles.stories260kGguf();
        Path quantized = runs.resolve("stories260K-q8_0.gguf");
        CliRun q = heatmap("quantize", gguf.toString(), quantized.toString(), "--type", "Q8_0");
        assertEquals(0, q.exit(), q.toString());
        f32 = capture(gguf, "f32");
        q8 = capture(quantized, "q8_0");
        sampled = capture(gguf, "sampled", "--temperature", "1", "--seed", "1");
    }

    /** {@code heatmap diff A B --out} (exit 0), {@code heatmap validate} on both outputs, numpy re-derivation. */
    private Path diff(Path a, Path b, String name) throws Exception {
        Path out = dir.resolve(name + ".json");
        CliRun d = heatmap("diff", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, d.exit(), d.toString());
        assertTrue(d.out().contains("(alignment token_id, chosen by auto)"), d.out());
        Path tokens = dir.resolve(name + ".tokens.json");
        CliRun v = heatmap("validate", out.toString(), tokens.toString());
        assertEquals(0, v.exit(), v.toString());
        assertEquals("2 files checked: 2 valid, 0 invalid", v.out().strip());
        assertEquals("token_id", JsonMapper.builder().build().readTree(tokens.toFile()).at("/alignment/applied_mode").asString());
        numpyCheck(a, b, out);
        return out;
    }

    private static void numpyCheck(Path a, Path b, Path diff) {
        CompareReference.check(a, b, diff, AlignmentMode.AUTO, 16, false);
    }

    @Test
    void floatAgainstQuantisedCopy() throws Exception {
        ActivationDiff d = ActivationDiffReader.readAll(diff(f32, q8, "f32-q8"));
        assertTrue(d.steps().stream().flatMap(s -> s.delta().stream()).anyMatch(x -> x.l2() > 0),
                "Q8_0 weights change the activations");
        assertTrue(d.steps().stream().flatMap(s -> s.delta().stream()).allMatch(x -> x.cosine() > 0.9),
                "but only a little: every vector stays close to the float one");
    }

    @Test
    void greedyAgainstSampled() throws Exception {
        ActivationDiff d = ActivationDiffReader.readAll(diff(f32, sampled, "greedy-sampled"));
        JsonNode a = JsonMapper.builder().build().readTree(f32.resolve("trace.json").toFile());
        JsonNode b = JsonMapper.builder().build().readTree(sampled.resolve("trace.json").toFile());
        int na = a.get("steps").size(), nb = b.get("steps").size(), common = Math.min(na, nb), agree = 0;
        for (int i = 0; i < common; i++)
            if (a.at("/steps/" + i + "/token_id").asInt() == b.at("/steps/" + i + "/token_id").asInt()) agree++;
        assertTrue(agree < common, "seed 1 at temperature 1 leaves the greedy path (\" little b\" for \" little g\")");
        assertEquals(agree, d.steps().size(), "token_id mode pairs exactly the steps with equal ids");
        assertEquals(2 * (common - agree) + Math.abs(na - nb), d.header().alignment().mismatches().size());
    }

    @Test
    void aRunAgainstItselfHasNoDifference() throws Exception {
        ActivationDiff d = ActivationDiffReader.readAll(diff(f32, f32, "self"));
        assertTrue(d.header().alignment().mismatches().isEmpty());
        assertEquals(8, d.steps().size());
        for (var step : d.steps())
            for (LayerDelta x : step.delta()) {
                assertEquals(0.0, x.l2());
                assertEquals(1.0, x.cosine(), 1e-6);
            }
        assertTrue(Files.size(dir.resolve("self.tokens.json")) > 0);
    }
}
