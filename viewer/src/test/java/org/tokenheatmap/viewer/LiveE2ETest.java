package org.tokenheatmap.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.viewer.export.Whitespace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browser session (viewer/ui/e2e/live.mjs) over a real stories260K capture made through the capture API, a live
 * capture from the form and a diff made by choosing two runs. What the page showed is checked against the files.
 */
class LiveE2ETest {
    static final int LIVE_TOKENS = 24;

    @TempDir
    Path tmp;

    @Test
    void liveCaptureCompareAndARealRun() throws Exception {
        BrowserScript.assumeAvailable();
        ViewerApiTest.SMALL.write(tmp.resolve("runs/small"));
        ViewerApiTest.OTHER.write(tmp.resolve("runs/other"));
        try (ViewerServer server = ViewerServer.start(tmp, "127.0.0.1", 0, Map.of())) {
            Http http = new Http(server.port());
            String real = captureThroughTheApi(http);
            Path expected = tmp.resolve("expected.json"), result = tmp.resolve("result.json");
            ObjectNode e = Json.MAPPER.createObjectNode().put("live_tokens", LIVE_TOKENS);
            e.set("real", expectedRun(tmp.resolve(real), real));
            e.putObject("compare").put("a", "runs/small").put("b", "runs/other").put("mode", "position");
            Files.writeString(expected, Json.MAPPER.writeValueAsString(e));
            String out = BrowserScript.run("live.mjs", server.port(), expected, 180, result);
            assertTrue(out.contains("E2E PASSED"), out);

            JsonNode shown = Json.MAPPER.readTree(result.toFile());
            Path liveRun = tmp.resolve(shown.path("live").path("run").asString());
            LiveCaptureApiTest.assertValid(liveRun);
            JsonNode liveTrace = Json.MAPPER.readTree(liveRun.resolve("trace.json").toFile());
            assertEquals(liveTrace.path("steps").size(), shown.path("live").path("steps").asInt());
            assertEquals("The little cat", liveTrace.path("generation").path("prompt").asString());
            JsonNode diff = Json.MAPPER.readTree(tmp.resolve(shown.path("diff").path("path").asString()).toFile());
            assertEquals("diffs/runs-small_vs_runs-other.position.tokens.json", shown.path("diff").path("path").asString());
            assertEquals(diff.path("steps").size(), shown.path("diff").path("steps").asInt());
            long mismatches = diff.path("steps").valueStream().filter(s -> s.path("a").path("token_id").asInt() != s.path("b").path("token_id").asInt()).count();
            assertEquals(mismatches, shown.path("diff").path("mismatches").asLong());
        }
    }

    /** A sampled stories260K capture with both probes and sidecars, through POST /api/capture/start and its events. */
    private static String captureThroughTheApi(Http http) throws Exception {
        try (SseEvents events = new SseEvents(http, "/api/capture/events")) {
            JsonNode started = Http.ok(http.post("/api/capture/start", """
                    {"model": "stories260K", "prompt": "Once upon a time", "max_new_tokens": 48, "temperature": 0.8,
                     "top_p": 0.95, "seed": 3, "full_sidecars": true}"""));
            SseEvents.Event e;
            while (!(e = events.next(started.path("session").asInt(), 60)).name().equals("done")) {
                assertTrue(!e.name().equals("failed"), e.toString());
            }
            return started.path("run").asString();
        }
    }

    private static ObjectNode expectedRun(Path run, String name) {
        JsonNode trace = Json.MAPPER.readTree(run.resolve("trace.json").toFile());
        ObjectNode e = Json.MAPPER.createObjectNode().put("run", name).put("steps", trace.path("steps").size())
                .put("prompt", trace.path("prompt_tokens").size());
        int step = Math.min(6, trace.path("steps").size() - 2);
        JsonNode s = trace.path("steps").get(step);
        e.putObject("token").put("step", step).put("token_id", s.path("token_id").asInt())
                .put("visible_text", Whitespace.visible(s.path("text").asString())).put("prob", s.path("prob").asDouble());
        return e;
    }
}
