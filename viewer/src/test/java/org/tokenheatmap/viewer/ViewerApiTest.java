package org.tokenheatmap.viewer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.compare.DiffFixtures;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real HTTP against an ephemeral port; values checked against numpy reading the same files. */
class ViewerApiTest {
    @TempDir
    static Path tmp;
    static Path root;
    static ViewerServer server;
    static final RunFixture SMALL = RunFixture.generated(7).build(), OTHER = RunFixture.generated(99).steps(20).build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(tmp.resolve("served"));
        SMALL.write(root.resolve("runs/small"));
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        RunFixture.generated(3).promptTokens(3).steps(2).layers(1).heads(2, 1).hiddenDim(4).topK(2, 2).sidecars(false).build()
                .write(tmp.resolve("outside-run"));
        Files.createSymbolicLink(root.resolve("escape"), tmp);
        Files.createSymbolicLink(root.resolve("escape-run"), tmp.resolve("outside-run"));
        OTHER.write(root.resolve("runs/other"));
        // A capture still being written (its temporary sibling) must not be listed as a run.
        SMALL.write(root.resolve("runs/live.tmp-123"));
        DiffFixtures.write(root.resolve("diffs"), SMALL, OTHER);
        server = ViewerServer.start(root, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), pathAndQuery + " -> " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void fixturesConformToTheSchemas() throws Exception {
        Python.code("""
                import json, sys
                from jsonschema import Draft202012Validator
                for doc, schema in [('trace.json', 'trace.schema.json'), ('activations.json', 'activation.schema.json')]:
                    errors = list(Draft202012Validator(json.load(open(sys.argv[2] + '/' + schema))).iter_errors(json.load(open(sys.argv[1] + '/' + doc))))
                    assert not errors, (doc, [e.message for e in errors[:3]])
                print('ok')
                """, root.resolve("runs/small"), TestFiles.schemas()).run();
    }

    @Test
    void indexListsRunsButNotThroughEscapingSymlinksOrUnfinishedCaptures() throws Exception {
        JsonNode index = json("/api/index");
        List<String> runs = index.path("runs").valueStream().map(r -> r.path("path").asString()).toList();
        assertEquals(List.of("runs/other", "runs/small"), runs.stream().sorted().toList());
        List<String> diffs = index.path("diffs").valueStream().map(r -> r.path("kind").asString() + ":" + r.path("path").asString()).sorted().toList();
        assertEquals(List.of("activation:diffs/activation-diff.json", "token:diffs/token-diff.json"), diffs);
    }

    @Test
    void headerAndStepPages() throws Exception {
        JsonNode header = json("/api/trace/header?run=runs/small");
        assertEquals(24, header.path("num_steps_loaded").asInt());
        assertEquals(5, header.path("prompt_tokens").size());
        JsonNode page = json("/api/trace/steps?run=runs/small&from=10&to=15");
        assertEquals(5, page.path("steps").size());
        assertEquals(10, page.path("steps").get(0).path("step").asInt());
        assertTrue(page.path("steps").get(0).get("attention") == null, "inline attention is served per step, not in pages");
        assertEquals(400, get("/api/trace/steps?run=runs/small&from=0&to=5000").statusCode());
    }

    @Test
    void inlineAttentionMatchesTheRowItSummarises() throws Exception {
        JsonNode att = json("/api/trace/attention?run=runs/small&step=3");
        float[] row = SMALL.attentionRow(3, 2, 5);
        double entropy = 0;
        for (float w : row) if (w > 0) entropy -= w * Math.log(w);
        assertEquals(entropy, att.path("entropy").get(2).get(5).asDouble(), 1e-5);
        assertEquals(row[0], att.path("sink_weight").get(2).get(5).asDouble(), 1e-6);
        assertEquals(4, att.path("top").get(2).get(5).size());
    }

    @Test
    void attentionSidecarSliceEqualsNumpy() throws Exception {
        JsonNode row = json("/api/trace/attention-sidecar?run=runs/small&step=6&layer=1&head=3");
        String expected = Python.code("""
                import numpy as np, sys, json
                z = np.load(sys.argv[1], allow_pickle=False)
                print(json.dumps([float(x) for x in z['layer_1/attention_weights'][3]]))
                """, root.resolve("runs/small/attention/step_000006.npz")).run();
        JsonNode ref = Json.MAPPER.readTree(expected);
        assertEquals(ref.size(), row.path("weights").size());
        for (int i = 0; i < ref.size(); i++) assertEquals(ref.get(i).asDouble(), row.path("weights").get(i).asDouble(), 1e-7);
        JsonNode matrix = json("/api/trace/attention-sidecar?run=runs/small&step=6&layer=1");
        assertEquals(8, matrix.path("weights").size());
    }

    @Test
    void activationMatrixAndVectorEqualNumpy() throws Exception {
        JsonNode matrix = json("/api/activations/matrix?run=runs/small&submodule=resid_post&metric=l2_norm");
        JsonNode vector = json("/api/activations/vector?run=runs/small&step=4&layer=2&submodule=resid_post");
        String expected = Python.code("""
                import numpy as np, sys, json
                v = np.load(sys.argv[1], allow_pickle=False)['layer_2/resid_post']
                print(json.dumps({'norm': float(np.linalg.norm(v.astype(np.float64))), 'v': [float(x) for x in v],
                                  'top': int(np.argmax(np.abs(v)))}))
                """, root.resolve("runs/small/activations/step_000004.npz")).run();
        JsonNode ref = Json.MAPPER.readTree(expected);
        assertEquals(ref.path("norm").asDouble(), matrix.path("values").get(2).get(4).asDouble(), 1e-4);
        for (int i = 0; i < ref.path("v").size(); i++) {
            assertEquals(ref.path("v").get(i).asDouble(), vector.path("values").get(i).asDouble(), 1e-7);
        }
        JsonNode cell = json("/api/activations/cell?run=runs/small&step=4&layer=2&submodule=resid_post");
        assertEquals(ref.path("top").asInt(), cell.path("top_neurons").get(0).path("index").asInt());
    }

    @Test
    void activationDiffMatrixEqualsNumpyOnBothRunsSidecars() throws Exception {
        Python.code("""
                import json, sys
                from jsonschema import Draft202012Validator
                errors = list(Draft202012Validator(json.load(open(sys.argv[2]))).iter_errors(json.load(open(sys.argv[1]))))
                assert not errors, [e.message for e in errors[:3]]
                """, root.resolve("diffs/activation-diff.json"),
                TestFiles.schemas().resolve("activation-diff.schema.json")).run();
        JsonNode l2 = json("/api/diff/activation/matrix?path=diffs/activation-diff.json&submodule=mlp.down_proj&metric=l2");
        JsonNode cos = json("/api/diff/activation/matrix?path=diffs/activation-diff.json&submodule=mlp.down_proj&metric=cosine");
        String expected = Python.code("""
                import numpy as np, sys, json
                a = np.load(sys.argv[1])['layer_3/mlp.down_proj'].astype(np.float64)
                b = np.load(sys.argv[2])['layer_3/mlp.down_proj'].astype(np.float64)
                print(json.dumps({'l2': float(np.linalg.norm(a - b)), 'cos': float(a @ b / np.linalg.norm(a) / np.linalg.norm(b)),
                                  'top': int(np.argmax(np.abs(a - b)))}))
                """, root.resolve("runs/small/activations/step_000011.npz"),
                root.resolve("runs/other/activations/step_000011.npz")).run();
        JsonNode ref = Json.MAPPER.readTree(expected);
        assertEquals(20, l2.path("steps").asInt());
        assertEquals(ref.path("l2").asDouble(), l2.path("values").get(3).get(11).asDouble(), 1e-4);
        assertEquals(ref.path("cos").asDouble(), cos.path("values").get(3).get(11).asDouble(), 1e-5);
        JsonNode cell = json("/api/diff/activation/cell?path=diffs/activation-diff.json&step=11&layer=3&submodule=mlp.down_proj");
        assertEquals(ref.path("top").asInt(), cell.path("top_changed_neurons").get(0).path("index").asInt());
        JsonNode tokens = json("/api/diff/tokens?path=diffs/token-diff.json");
        assertEquals("diffs/activation-diff.json", tokens.path("activation_diff_path").asString());
        assertEquals(20, tokens.path("steps").size());
        assertEquals(403, get("/api/diff/tokens?path=..%2Fsecret.txt").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside-run", "runs/../../outside-run", "%2e%2e/outside-run", "%2E%2E%2Foutside-run",
            "%252e%252e%252foutside-run", "%25252e%25252e/outside-run", "/etc", "%2Fetc", "runs\\..\\..", "escape/outside-run",
            "escape-run", "~/x"})
    void refusesPathsLeavingTheServedDirectory(String run) throws Exception {
        // The query value is sent percent-encoded once more, so the server sees exactly `run` after one decoding.
        String encoded = java.net.URLEncoder.encode(run, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = get("/api/trace/header?run=" + encoded);
        assertEquals(403, r.statusCode(), run + " -> " + r.body());
        assertTrue(r.body().contains("refused"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt",
            "/assets/..%2f..%2f..%2fsecret.txt", "/escape/secret.txt"})
    void staticFilesNeverLeaveTheUi(String path) throws Exception {
        // Raw request lines, not normalised by the client: Jetty must reject or miss, never serve the file.
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
            String response = new String(socket.getInputStream().readAllBytes());
            assertTrue(!response.contains("outside"), path + " -> " + response);
            assertTrue(response.startsWith("HTTP/1.1 4"), path + " -> " + response.lines().findFirst().orElse(""));
        }
    }

    @Test
    void missingRunIs404AndBadParametersAre400() throws Exception {
        assertEquals(404, get("/api/trace/header?run=runs/none").statusCode());
        assertEquals(400, get("/api/trace/attention?run=runs/small&step=99").statusCode());
        assertEquals(400, get("/api/trace/attention?run=runs/small&step=x").statusCode());
        assertEquals(400, get("/api/trace/header").statusCode());
    }

    @Test
    void servesTheUi() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<div id=\"app\">"), r.body());
    }
}
