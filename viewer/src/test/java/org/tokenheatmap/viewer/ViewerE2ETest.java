package org.tokenheatmap.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.compare.DiffFixtures;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.viewer.export.Whitespace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the built UI in headless Debian chromium (playwright-core, viewer/ui/e2e/run.mjs): load, hover, pin, keys,
 * attention, activations, theme, export. Expected values are read straight from the fixture files, not from the server.
 */
class ViewerE2ETest {
    @TempDir
    Path tmp;

    @Test
    void browserSession() throws Exception {
        BrowserScript.assumeAvailable();
        RunFixture small = ViewerApiTest.SMALL;
        Path run = small.write(tmp.resolve("runs/small"));
        RunFixture other = RunFixture.generated(99).steps(20).sidecars(false).build();
        other.write(tmp.resolve("runs/other"));
        Path tokenDiff = DiffFixtures.write(tmp.resolve("diffs"), small, other);
        Path expected = tmp.resolve("expected.json");
        ObjectNode e = expected(run, small);
        e.set("diff", expectedDiff(tokenDiff));
        Files.writeString(expected, Json.MAPPER.writeValueAsString(e));
        try (ViewerServer server = ViewerServer.start(tmp, "127.0.0.1", 0)) {
            String out = BrowserScript.run("run.mjs", server.port(), expected, 120);
            assertTrue(out.contains("E2E PASSED"), out);
        }
    }

    /** Mismatch count and one cell's top changed neuron, read from the diff files themselves. */
    private static ObjectNode expectedDiff(Path tokenDiff) {
        JsonNode tokens = Json.MAPPER.readTree(tokenDiff.toFile());
        JsonNode activation = Json.MAPPER.readTree(tokenDiff.resolveSibling("activation-diff.json").toFile());
        ObjectNode d = Json.MAPPER.createObjectNode().put("path", "diffs/token-diff.json").put("steps", tokens.path("steps").size());
        d.put("mismatches", (int) tokens.path("steps").valueStream()
                .filter(s -> s.path("a").path("token_id").asInt() != s.path("b").path("token_id").asInt()).count());
        putCell(d, activation, 11, 3, "delta", "top_changed_neurons");
        return d;
    }

    /** What the page must show, taken from the raw files with a plain JSON tree and numpy-free arithmetic. */
    private static ObjectNode expected(Path run, RunFixture fixture) {
        JsonNode trace = Json.MAPPER.readTree(run.resolve("trace.json").toFile());
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("run", "runs/small").put("steps", trace.path("steps").size()).put("prompt", trace.path("prompt_tokens").size())
                .put("perplexity", trace.path("summary").path("perplexity").asDouble())
                .put("heads", fixture.heads()).put("kv_heads", fixture.kvHeads());
        JsonNode step = trace.path("steps").get(7);
        ObjectNode token = e.putObject("token");
        token.put("step", 7).put("token_id", step.path("token_id").asInt())
                .put("visible_text", Whitespace.visible(step.path("text").asString()))
                .put("prob", step.path("prob").asDouble()).put("entropy", step.path("entropy").asDouble());
        var ids = token.putArray("alternative_ids");
        step.path("top_k").forEach(a -> ids.add(a.path("token_id").asInt()));
        JsonNode acts = Json.MAPPER.readTree(run.resolve("activations.json").toFile());
        putCell(e, acts, 5, 2, "activations", "top_neurons");
        return e;
    }

    /** {@code cell}: the first submodule's entry at (step, layer) of an activation file, with its first top neuron. */
    private static void putCell(ObjectNode out, JsonNode file, int step, int layer, String entries, String topNeurons) {
        for (JsonNode entry : file.path("steps").get(step).path(entries)) {
            if (entry.path("layer").asInt() == layer && entry.path("submodule").asString().equals(RunFixture.SUBMODULES.getFirst())) {
                out.putObject("cell").put("step", step).put("layer", layer)
                        .put("top_neuron", entry.path(topNeurons).get(0).path("index").asInt());
            }
        }
    }
}
