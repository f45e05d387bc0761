package org.tokenheatmap.viewer.t3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.viewer.Json;
import org.tokenheatmap.viewer.ViewerServer;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The /api/t3 routes over real HTTP. Expected values come from the generator's own arrays (SyntheticTrace regenerates
 * any record from its seed) and from arithmetic done here (median, tanh, Taylor-series exponential), not from t3.
 */
class T3ApiTest {
    @TempDir
    static Path tmp;
    static ViewerServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final SyntheticTrace COUPLED = new SyntheticTrace(new SyntheticTrace.Config(3, 6, 6, true, true, 4, 1, 4, 5, 7));
    static final SyntheticTrace PLAIN = new SyntheticTrace(new SyntheticTrace.Config(4, 4, 8, false, false, 0, null, 3, 5, 11));

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("served"));
        Files.createDirectories(root.resolve("t3"));
        COUPLED.write(root.resolve("t3/coupled.jsonl"));
        PLAIN.write(root.resolve("t3/plain.jsonl"));
        Files.writeString(root.resolve("t3/other.jsonl"), "{\"type\":\"event\"}\n");
        Files.writeString(root.resolve("t3/broken.jsonl"), Files.readString(root.resolve("t3/coupled.jsonl")).replaceFirst("\"stage_geom\"", "\"stage_gem\""));
        COUPLED.write(tmp.resolve("secret.jsonl"));
        Files.createSymbolicLink(root.resolve("escape"), tmp);
        server = ViewerServer.start(root, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String route, String file, String query) throws Exception {
        String uri = "http://127.0.0.1:" + server.port() + "/api/t3/" + route + "?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "&" + query);
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String route, String file, String query) throws Exception {
        HttpResponse<String> r = get(route, file, query);
        assertEquals(200, r.statusCode(), route + " " + query + " -> " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void catalogListsOnlyT3Traces() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/index")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> listed = Json.MAPPER.readTree(r.body()).path("t3").valueStream().map(e -> e.path("path").asString()).sorted().toList();
        assertEquals(List.of("t3/broken.jsonl", "t3/coupled.jsonl", "t3/plain.jsonl"), listed);
    }

    @Test
    void metaAndSummary() throws Exception {
        JsonNode m = json("meta", "t3/coupled.jsonl", "");
        assertEquals(6, m.path("meta").path("n_heads").asInt());
        assertEquals(COUPLED.frames(), m.path("frame_count").asInt());
        assertEquals(COUPLED.chainStates(), m.path("chain_state_count").asInt());
        assertEquals(List.of(0, 1, 2), m.path("stages").valueStream().map(JsonNode::asInt).toList());
        assertTrue(m.path("meta").path("capabilities").path("has_coupling").asBoolean());
        JsonNode summary = json("summary", "t3/coupled.jsonl", "");
        assertEquals(COUPLED.frames(), summary.path("n_frames").asInt());
        for (int t = 0; t < COUPLED.chainStates(); t++)
            assertEquals(COUPLED.ponderSteps(t), summary.path("act_ponder_steps").get(t).asInt());
    }

    @Test
    void geometryMatchesGenerator() throws Exception {
        Map<String, Object> g = COUPLED.stageGeom(1);
        JsonNode j = json("geometry", "t3/coupled.jsonl", "stage=1");
        assertMatrix((double[][]) g.get("head_positions"), j.path("geom").path("head_positions"), 0);
        assertMatrix((double[][]) g.get("blockade_kernel"), j.path("geom").path("blockade_kernel"), 0);
        assertMatrix((double[][]) g.get("distances"), j.path("recomputed_distances"), 1e-12);
        assertMatrix((double[][]) g.get("blockade_kernel"), j.path("recomputed_kernel"), 1e-12);
        assertTrue(j.path("check").path("max_distance_deviation").asDouble() < 1e-12);
        double[][] cos = (double[][]) g.get("cosurvival_matrix");
        double[] abs = Arrays.stream(cos).flatMapToDouble(Arrays::stream).map(Math::abs).sorted().toArray();
        double median = (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;   // 36 entries: even count
        double[][] scaled = Arrays.stream(cos).map(row -> Arrays.stream(row).map(v -> Math.tanh(v / median)).toArray()).toArray(double[][]::new);
        assertMatrix(scaled, j.path("cosurvival_scaled"), 1e-12);
        assertMatrix((double[][]) g.get("cosurvival_modulation"), j.path("geom").path("cosurvival_modulation"), 0);
        for (JsonNode row : j.path("kernel_deviation")) for (JsonNode v : row) assertTrue(v.asDouble() < 1e-12);
    }

    @Test
    void chainStatesByRange() throws Exception {
        JsonNode j = json("chain", "t3/coupled.jsonl", "from=1&to=3");
        assertEquals(2, j.path("chain_states").size());
        assertEquals(4, j.path("total").asInt());
        for (int t = 1; t < 3; t++) {
            Map<String, Object> c = COUPLED.chainState(t);
            JsonNode got = j.path("chain_states").get(t - 1);
            assertEquals(t, got.path("token_idx").asInt());
            assertVector((double[]) c.get("act_halt_probs"), got.path("act_halt_probs"), 0);
            assertVector((double[]) c.get("act_strain_values"), got.path("act_strain_values"), 0);
            double[] halt = (double[]) c.get("act_halt_probs");
            int expected = -1;
            for (int i = 0; i < halt.length && expected < 0; i++) if (halt[i] >= 0.99) expected = i;
            JsonNode h = j.path("halt_steps").get(t - 1);
            assertEquals(expected, h.isNull() ? -1 : h.asInt());
        }
        assertTrue(j.path("absent").isEmpty(), "has_dyn_omega is true in the generator");
    }

    @Test
    void frameByOrdinalAndKey() throws Exception {
        int ordinal = ordinalOf(COUPLED, 2, 1, 1);
        Map<String, Object> f = COUPLED.frame(ordinal);
        JsonNode byKey = json("frame", "t3/coupled.jsonl", "forward=2&stage=1&act_call=1");
        JsonNode byOrdinal = json("frame", "t3/coupled.jsonl", "frame=" + ordinal);
        assertEquals(byOrdinal, byKey);
        assertEquals(ordinal, byKey.path("ordinal").asInt());
        assertEquals(2, byKey.path("key").path("chain_forward").asInt());
        double[] q = (double[]) f.get("Q");
        assertVector(q, byKey.path("frame").path("Q"), 0);
        assertMatrix((double[][]) f.get("primitives"), byKey.path("frame").path("primitives"), 0);
        assertMatrix((double[][]) f.get("per_layer_attn_entropy"), byKey.path("frame").path("per_layer_attn_entropy"), 0);
        for (int h = 0; h < q.length; h++)
            assertEquals(q[h] > 0.05 ? "spacelike" : q[h] < -0.05 ? "timelike" : "null", byKey.path("q_kind").get(h).asString());
        assertRotation((double[]) f.get("omega_flat"), 6, 0.2, byKey.path("rotation"));
        assertTrue(byKey.path("absent").isEmpty());
    }

    @Test
    void frameWithoutCouplingSaysSo() throws Exception {
        JsonNode j = json("frame", "t3/plain.jsonl", "frame=5");
        assertTrue(j.path("rotation").isNull());
        assertEquals("has_coupling", j.path("absent").path("omega_flat").asString());
        assertEquals("has_trivectors", j.path("absent").path("trivectors").asString());
        assertVector((double[]) PLAIN.frame(5).get("Q"), j.path("frame").path("Q"), 0);
    }

    @Test
    void timelineColumns() throws Exception {
        JsonNode j = json("timeline", "t3/coupled.jsonl", "from=3&to=" + COUPLED.frames());
        assertEquals(COUPLED.frames() - 3, j.path("mean_q").size());
        for (int i = 3; i < COUPLED.frames(); i++) {
            Map<String, Object> f = COUPLED.frame(i);
            double[] q = (double[]) f.get("Q");
            assertEquals(Arrays.stream(q).average().orElseThrow(), j.path("mean_q").get(i - 3).asDouble(), 1e-12);
            assertEquals(COUPLED.forwardOf(i), j.path("chain_forward").get(i - 3).asInt());
            assertEquals(f.get("stage_idx"), j.path("stage_idx").get(i - 3).asInt());
            assertEquals(f.get("act_call"), j.path("act_call").get(i - 3).asInt());
            assertEquals(Arrays.stream(q).filter(v -> v > 0.05).count(), j.path("spacelike").get(i - 3).asLong());
            assertEquals(Arrays.stream((double[]) f.get("sigma")).average().orElseThrow(), j.path("mean_sigma").get(i - 3).asDouble(), 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.jsonl", "escape/secret.jsonl", "/etc/passwd", "%2e%2e/secret.jsonl", "t3/%252e%252e/../secret.jsonl"})
    void refusesPathsOutsideTheRoot(String file) throws Exception {
        for (String route : List.of("meta", "summary", "geometry", "chain", "timeline", "frame")) {
            HttpResponse<String> r = get(route, file, "frame=0");
            assertEquals(403, r.statusCode(), route + " " + file + " -> " + r.body());
        }
    }

    @Test
    void badRequests() throws Exception {
        assertEquals(404, get("meta", "t3/missing.jsonl", "").statusCode());
        assertEquals(404, get("frame", "t3/coupled.jsonl", "forward=99&stage=0&act_call=0").statusCode());
        assertEquals(400, get("frame", "t3/coupled.jsonl", "frame=100000").statusCode());
        assertEquals(400, get("frame", "t3/coupled.jsonl", "frame=x").statusCode());
        assertEquals(400, get("timeline", "t3/coupled.jsonl", "from=5&to=2").statusCode());
        assertEquals(400, get("chain", "t3/coupled.jsonl", "from=0&to=99").statusCode());
        assertEquals(400, get("geometry", "t3/coupled.jsonl", "stage=7").statusCode());
        HttpResponse<String> broken = get("meta", "t3/broken.jsonl", "");
        assertEquals(422, broken.statusCode(), broken.body());
        assertTrue(broken.body().contains("line 2"), broken.body());
    }

    /** Frame ordinal of (forward, stage, act_call): forwards lay out act_call-major, stage-minor (SyntheticTrace doc). */
    static int ordinalOf(SyntheticTrace s, int forward, int stage, int call) {
        int first = 0;
        for (int t = 0; t < forward; t++) first += s.ponderSteps(t) * s.config().nStages();
        return first + call * s.config().nStages() + stage;
    }

    /** R against Ω = tanh(flat)·max built here and exp(Ω) summed as a Taylor series. */
    static void assertRotation(double[] flat, int n, double max, JsonNode rotation) {
        double[][] w = new double[n][n];
        for (int i = 0, idx = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, idx++) {
                w[i][j] = Math.tanh(flat[idx]) * max;
                w[j][i] = -w[i][j];
            }
        double[][] sum = new double[n][n], term = new double[n][n];
        for (int i = 0; i < n; i++) sum[i][i] = term[i][i] = 1;
        for (int k = 1; k < 30; k++) {
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    for (int m = 0; m < n; m++) next[i][j] += term[i][m] * w[m][j];
                    next[i][j] /= k;
                    sum[i][j] += next[i][j];
                }
            term = next;
        }
        assertMatrix(w, rotation.path("rotation").path("omega"), 1e-15);
        assertMatrix(sum, rotation.path("rotation").path("r"), 1e-12);
        assertTrue(rotation.path("ok").asBoolean());
        assertTrue(rotation.path("has_trivectors").asBoolean());
    }

    static void assertMatrix(double[][] expected, JsonNode got, double tol) {
        assertEquals(expected.length, got.size());
        for (int i = 0; i < expected.length; i++) assertVector(expected[i], got.get(i), tol);
    }

    static void assertVector(double[] expected, JsonNode got, double tol) {
        assertEquals(expected.length, got.size());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got.get(i).asDouble(), tol, "index " + i);
    }
}
