package org.tokenheatmap.viewer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/diff/compare on fixture runs: files checked with Python jsonschema, an l2 cell against numpy. */
class CompareApiTest {
    @TempDir
    static Path tmp;
    static Path root;
    static ViewerServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("served"));
        ViewerApiTest.SMALL.write(root.resolve("runs/small"));
        ViewerApiTest.OTHER.write(root.resolve("runs/other"));
        RunFixture.generated(5).steps(12).sidecars(false).build().write(root.resolve("runs/bare"));
        server = ViewerServer.start(root, "127.0.0.1", 0);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void comparesTwoRunsIntoDiffsAndRefusesToOverwrite() throws Exception {
        HttpResponse<String> r = http.post("/api/diff/compare", "{\"a\":\"runs/small\",\"b\":\"runs/other\",\"mode\":\"position\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Http.body(r);
        assertEquals("diffs/runs-small_vs_runs-other.position.json", answer.path("activation_diff").asString());
        assertEquals("diffs/runs-small_vs_runs-other.position.tokens.json", answer.path("token_diff").asString());
        assertFalse(answer.path("from_summaries").asBoolean());
        assertTrue(answer.path("notice").isNull());
        Python.code("""
                import json, sys
                from jsonschema import Draft202012Validator
                for doc, schema in [(sys.argv[1], 'activation-diff.schema.json'), (sys.argv[2], 'token-diff.schema.json')]:
                    errors = list(Draft202012Validator(json.load(open(sys.argv[3] + '/' + schema))).iter_errors(json.load(open(doc))))
                    assert not errors, (doc, [e.message for e in errors[:3]])
                """, root.resolve(answer.path("activation_diff").asString()),
                root.resolve(answer.path("token_diff").asString()), TestFiles.schemas()).run();

        // The result opens in the existing diff view's endpoints.
        JsonNode tokens = Http.ok(http.get("/api/diff/tokens?path=" + answer.path("token_diff").asString()));
        JsonNode header = Http.ok(http.get("/api/diff/activation/header?path=" + answer.path("activation_diff").asString()));
        int pairs = tokens.path("steps").size();
        assertTrue(pairs > 3, "position alignment pairs most steps: " + pairs);
        assertEquals(pairs, header.path("steps").asInt());
        assertEquals(answer.path("activation_diff").asString(), tokens.path("activation_diff_path").asString());
        // Aligned step 3 pairs some step of A with some step of B: its l2 is ||a - b|| of their sidecar vectors.
        JsonNode pair = tokens.path("steps").get(3);
        JsonNode cell = Http.ok(http.get("/api/diff/activation/cell?path=" + answer.path("activation_diff").asString()
                + "&step=3&layer=1&submodule=mlp.down_proj"));
        String l2 = Python.code("""
                import json, sys, numpy as np
                def vec(run, step):
                    ref = json.load(open(run + '/activations.json'))['steps'][step]['activation_sidecar_ref']
                    return np.load(run + '/' + ref)['layer_1/mlp.down_proj'].astype(np.float64)
                print(float(np.linalg.norm(vec(sys.argv[1], int(sys.argv[3])) - vec(sys.argv[2], int(sys.argv[4])))))
                """, root.resolve("runs/small"), root.resolve("runs/other"),
                pair.path("step_a").asString(), pair.path("step_b").asString()).run();
        assertTrue(Double.parseDouble(l2) > 0);
        assertEquals(Double.parseDouble(l2), cell.path("l2").asDouble(), 1e-4 * Math.max(1, Double.parseDouble(l2)));
        JsonNode index = Http.ok(http.get("/api/index"));
        assertTrue(index.path("diffs").valueStream().anyMatch(d -> d.path("path").asString().equals(answer.path("token_diff").asString())
                && d.path("kind").asString().equals("token")), index.toString());

        HttpResponse<String> again = http.post("/api/diff/compare", "{\"a\":\"runs/small\",\"b\":\"runs/other\",\"mode\":\"position\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("not overwritten"), again.body());
    }

    @Test
    void runsWithoutSidecarsAreComparedFromSummariesAndTheAnswerSaysSo() throws Exception {
        HttpResponse<String> r = http.post("/api/diff/compare", "{\"a\":\"runs/small\",\"b\":\"runs/bare\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Http.body(r);
        assertTrue(answer.path("from_summaries").asBoolean());
        assertTrue(answer.path("notice").asString().contains("summaries"), answer.toString());
        assertEquals("auto", answer.path("mode").asString());
        assertTrue(Files.isRegularFile(root.resolve(answer.path("activation_diff").asString())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"runs/small\",\"b\":\"runs/other\",\"mode\":\"zip\"}|400|unknown alignment mode",
            "{\"a\":\"runs/small\"}|400|'b' is required",
            "{\"a\":\"runs/small\",\"b\":7}|400|'b' must be a string",
            "{\"a\":\"runs/small\",\"b\":\"runs/other\",\"out\":\"x\"}|400|unknown field 'out'",
            "{\"a\":\"../secret\",\"b\":\"runs/other\"}|403|refused path",
            "{\"a\":\"runs/%2e%2e/%2e%2e\",\"b\":\"runs/other\"}|403|refused path",
            "{\"a\":\"runs/none\",\"b\":\"runs/other\"}|404|no such file",
            "[1,2]|400|must be a JSON object",
            "{nope|400|not JSON"})
    void badRequestsAreRefusedWithAClearMessage(String body, int status, String message) throws Exception {
        HttpResponse<String> r = http.post("/api/diff/compare", body);
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("error").asString().contains(message), r.body());
    }

    @Test
    void formPostsAndOtherOriginsAreRefused() throws Exception {
        String body = "{\"a\":\"runs/small\",\"b\":\"runs/other\",\"mode\":\"token_id\"}";
        assertEquals(400, http.post("/api/diff/compare", "text/plain", body).statusCode());
        assertEquals(403, http.post("/api/diff/compare", "application/json", body, "Origin", "http://evil.example").statusCode());
        assertFalse(Files.exists(root.resolve("diffs/runs-small_vs_runs-other.token_id.json")));
    }
}
