package org.tokenheatmap.viewer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tokenheatmap.formats.validate.PathsValidator;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real live captures of stories260K (from {@code heatmap.models}) through the HTTP API and its SSE stream: steps
 * arrive in order, greedy tokens equal the independent float64 reference (golden_greedy.json), cancelling ends a
 * shorter valid run, and the saved runs pass the formats validators.
 */
class LiveCaptureApiTest {
    @TempDir
    static Path root;
    static ViewerServer server;
    static Http http;

    @BeforeAll
    static void start() {
        // A configured name besides the known one, pointing at the llama2.c form of the same model.
        server = ViewerServer.start(root, "127.0.0.1", 0, java.util.Map.of("stories-bin", TestFiles.stories260kBin()));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void modelsListTheConfiguredAndTheKnownNames() throws Exception {
        JsonNode models = Http.ok(http.get("/api/capture/models")).path("models");
        assertEquals(List.of("stories-bin", "stories260K"), models.valueStream().map(JsonNode::asString).toList());
    }

    @Test
    void greedyCaptureStreamsEveryStepInOrderAndSavesAValidRun() throws Exception {
        JsonNode golden = Json.MAPPER.readTree(TestFiles.goldenGreedy().toFile()).path("cases").get(0);
        try (SseEvents events = new SseEvents(http, "/api/capture/events")) {
            JsonNode started = Http.ok(http.post("/api/capture/start", """
                    {"model": "stories260K", "prompt": "Once upon a time", "max_new_tokens": 20, "temperature": 0,
                     "attention": true, "activations": true, "full_sidecars": true, "qkv": true}"""));
            int session = started.path("session").asInt();
            SseEvents.Event first = events.next(session, 60);
            assertEquals("started", first.name());
            assertEquals(20, first.data().path("planned_steps").asInt());
            // "Once upon a time" is the reference story's first four tokens after BOS.
            List<Integer> prompt = first.data().path("prompt_tokens").valueStream().map(t -> t.path("token_id").asInt()).toList();
            assertEquals(golden.path("all_tokens").valueStream().limit(5).map(JsonNode::asInt).toList(), prompt);
            List<JsonNode> steps = new ArrayList<>();
            SseEvents.Event e;
            while ((e = events.next(session, 60)).name().equals("step")) steps.add(e.data());
            assertEquals("done", e.name(), e.data().toString());
            assertEquals("max_new_tokens", e.data().path("stop_reason").asString());
            assertEquals(20, steps.size());
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(i, steps.get(i).path("step").asInt(), "steps arrive in order");
                assertEquals(golden.path("all_tokens").get(5 + i).asInt(), steps.get(i).path("token_id").asInt(), "greedy token " + i);
            }
            Path run = root.resolve(started.path("run").asString());
            assertValid(run);
            JsonNode trace = Json.MAPPER.readTree(run.resolve("trace.json").toFile());
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(trace.path("steps").get(i).path("logprob").asDouble(), steps.get(i).path("logprob").asDouble(), 0, "step " + i);
            }
            JsonNode index = Http.ok(http.get("/api/index"));
            assertTrue(index.path("runs").valueStream().anyMatch(r -> r.path("path").asString().equals(started.path("run").asString())), index.toString());
            assertEquals(20, Http.ok(http.get("/api/trace/header?run=" + started.path("run").asString())).path("num_steps_loaded").asInt());
        }
    }

    @Test
    void cancellingEndsAShorterValidRunWithStopReasonInterrupted() throws Exception {
        try (SseEvents events = new SseEvents(http, "/api/capture/events")) {
            JsonNode started = Http.ok(http.post("/api/capture/start", """
                    {"model": "stories-bin", "prompt": "The dog", "max_new_tokens": 4096, "temperature": 0.9, "top_k": 40,
                     "top_p": 0.95, "seed": 7, "attention": true, "activations": true}"""));
            int session = started.path("session").asInt();
            SseEvents.Event e = events.next(session, 60);
            int planned = e.data().path("planned_steps").asInt();
            while (!(e = events.next(session, 60)).name().equals("step") || e.data().path("step").asInt() < 2) {
                assertTrue(e.name().equals("step"), e.toString());
            }
            HttpResponse<String> busy = http.post("/api/capture/start", "{\"model\": \"stories260K\", \"prompt\": \"x\"}");
            assertEquals(409, busy.statusCode(), busy.body());
            assertTrue(Http.body(busy).path("error").asString().contains("already running"));
            Http.ok(http.post("/api/capture/stop", "{}"));
            int next = e.data().path("step").asInt() + 1;
            while ((e = events.next(session, 60)).name().equals("step")) assertEquals(next++, e.data().path("step").asInt());
            assertEquals("done", e.name(), e.data().toString());
            assertEquals("interrupted", e.data().path("stop_reason").asString());
            int steps = e.data().path("steps").asInt();
            assertEquals(next, steps);
            assertTrue(steps < planned, steps + " of " + planned);
            Path run = root.resolve(started.path("run").asString());
            assertValid(run);
            JsonNode trace = Json.MAPPER.readTree(run.resolve("trace.json").toFile());
            assertEquals("interrupted", trace.path("generation").path("stop_reason").asString());
            assertEquals(steps, trace.path("steps").size());
            assertEquals(409, http.post("/api/capture/stop", "{}").statusCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"prompt\":\"x\"}|'model' is required",
            "{\"model\":\"/etc/passwd\",\"prompt\":\"x\"}|unknown model",
            "{\"model\":\"stories260K\"}|'prompt' is required",
            "{\"model\":\"stories260K\",\"prompt\":\"\"}|'prompt' must not be empty",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"max_new_tokens\":0}|'max_new_tokens' must be in [1, 4096]",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"max_new_tokens\":1.5}|'max_new_tokens' must be an integer",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"temperature\":\"hot\"}|'temperature' must be a number",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"temperature\":-1}|'temperature' must be in",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"top_k\":-3}|'top_k' must be in",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"top_p\":0}|'top_p' must be in",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"top_p\":1.5}|'top_p' must be in",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"seed\":\"7\"}|'seed' must be a 64-bit integer",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"qkv\":true}|'qkv' needs 'attention' and 'full_sidecars'",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"attention\":\"yes\"}|'attention' must be true or false",
            "{\"model\":\"stories260K\",\"prompt\":\"x\",\"out\":\"/tmp\"}|unknown field 'out'"})
    void everyFieldIsValidated(String body, String message) throws Exception {
        HttpResponse<String> r = http.post("/api/capture/start", body);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("error").asString().contains(message), r.body());
    }

    @Test
    void crossOriginAndFormPostsCannotStartACapture() throws Exception {
        String body = "{\"model\":\"stories260K\",\"prompt\":\"x\"}";
        assertEquals(403, http.post("/api/capture/start", "application/json", body, "Origin", "http://evil.example").statusCode());
        assertEquals(400, http.post("/api/capture/start", "application/x-www-form-urlencoded", body).statusCode());
    }

    /** Every file of the run passes `heatmap validate`'s validators (schema and semantic rules, sidecars included). */
    static void assertValid(Path run) throws Exception {
        PathsValidator validator = PathsValidator.fromServiceLoader();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(run)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.contains(run.resolve("trace.json")), files.toString());
        for (Path f : files) {
            PathsValidator.FileResult result = validator.validateFile(f, true);
            assertTrue(result.valid(), f + ": " + result.problems());
        }
    }
}
