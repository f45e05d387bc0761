package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import org.tokenheatmap.capture.Capture;
import org.tokenheatmap.capture.CaptureControl;
import org.tokenheatmap.capture.CaptureListener;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CapturePlan;
import org.tokenheatmap.capture.CaptureResult;
import org.tokenheatmap.capture.KnownModel;
import org.tokenheatmap.capture.ModelDownloader;
import org.tokenheatmap.capture.ModelLocator;
import org.tokenheatmap.formats.trace.Step;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Live capture from the UI: one capture at a time on a worker thread, into {@code DIR/live/NAME}; every event
 * ({@code started}, one {@code step} per generated token, then {@code done} or {@code failed}) goes to the
 * server-sent-event clients, and a client that connects late gets the current session's events replayed first.
 */
final class LiveCapture {
    static final String LIVE_DIR = "live";
    /** A live capture may write at most this much (the estimate is checked before the first forward pass). */
    static final long MAX_OUTPUT_BYTES = 2L << 30;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SafePaths paths;
    private final Map<String, Path> configured;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private Session session;
    private int sessions;

    /** One capture's control and the events it has sent so far, each {name, data, id} (guarded by the LiveCapture's lock). */
    private static final class Session {
        final int id;
        final String run;
        final CaptureControl control = new CaptureControl();
        final List<String[]> events = new ArrayList<>();
        boolean running = true;

        Session(int id, String run) {
            this.id = id;
            this.run = run;
        }
    }

    LiveCapture(SafePaths paths, Map<String, Path> configured) {
        this.paths = paths;
        this.configured = Map.copyOf(configured);
    }

    /** The names a capture may use: the configured ones, then the known names the model locator resolves. */
    Set<String> modelNames() {
        Set<String> names = new java.util.LinkedHashSet<>(new java.util.TreeSet<>(configured.keySet()));
        KnownModel.REGISTRY.forEach(m -> names.add(m.name()));
        return names;
    }

    ObjectNode models() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        modelNames().forEach(out.putArray("models")::add);
        synchronized (this) {
            out.put("running", session != null && session.running);
        }
        return out;
    }

    /** Validates the request, claims the one capture slot and starts the worker; answers {session, run}. */
    ObjectNode start(Context ctx) {
        LiveCaptureRequest request = LiveCaptureRequest.parse(ctx, modelNames());
        var options = request.options();
        Session s;
        synchronized (this) {
            if (session != null && session.running) throw ApiException.conflict("a capture is already running (session " + session.id + ")");
            Path target = freeRunDir(request.model());
            s = new Session(++sessions, LIVE_DIR + "/" + target.getFileName());
            session = s;
            Thread.ofPlatform().daemon().name("live-capture-" + s.id).start(() -> work(s, request, options, target));
        }
        return Json.MAPPER.createObjectNode().put("session", s.id).put("run", s.run);
    }

    /** Asks the running capture to stop after its current forward pass; it ends as a shorter run (stop reason interrupted). */
    ObjectNode stop() {
        synchronized (this) {
            if (session == null || !session.running) throw ApiException.conflict("no capture is running");
            session.control.requestStop();
            return Json.MAPPER.createObjectNode().put("session", session.id).put("stopping", true);
        }
    }

    /** An SSE client: replay the current session, then stay subscribed. */
    void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        synchronized (this) {
            if (session != null) {
                for (String[] e : session.events) send(client, e);
            }
            clients.add(client);
        }
    }

    private void work(Session s, LiveCaptureRequest request, org.tokenheatmap.capture.CaptureOptions options, Path target) {
        try {
            Path modelFile = configured.containsKey(request.model()) ? configured.get(request.model())
                    : ModelLocator.fromEnvironment().resolve(request.model(), ModelDownloader.Progress.NONE);
            try (CaptureModel model = CaptureModel.open(modelFile)) {
                CapturePlan plan = CapturePlan.of(model, options);
                plan.requireOutputWithin(MAX_OUTPUT_BYTES);
                CaptureResult result = Capture.run(plan, target, s.control, new CaptureListener() {
                    @Override
                    public void started(int plannedSteps) {
                        emit(s, "started", startedEvent(s, request, model, plan, plannedSteps));
                    }

                    @Override
                    public void stepCaptured(Step step) {
                        ObjectNode node = org.tokenheatmap.formats.json.Json.mapper().valueToTree(step);
                        node.remove("attention"); // the live view shows tokens; the saved run keeps the attention
                        emit(s, "step", node);
                    }
                });
                emit(s, "done", Json.MAPPER.createObjectNode().put("session", s.id).put("run", s.run)
                        .put("stop_reason", result.stopReason()).put("steps", result.steps().size()));
            }
        } catch (RuntimeException e) {
            emit(s, "failed", Json.MAPPER.createObjectNode().put("session", s.id).put("error",
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            synchronized (this) {
                s.running = false;
            }
        }
    }

    private static ObjectNode startedEvent(Session s, LiveCaptureRequest request, CaptureModel model, CapturePlan plan, int plannedSteps) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("session", s.id).put("run", s.run).put("model", request.model())
                .put("planned_steps", plannedSteps);
        ArrayNode prompt = out.putArray("prompt_tokens");
        int[] ids = plan.prompt();
        for (int i = 0; i < ids.length; i++) {
            String text = ids[i] < model.tokenizer().size() ? new String(model.tokenizer().tokenBytes(ids[i], false), StandardCharsets.UTF_8) : "";
            prompt.addObject().put("position", i).put("token_id", ids[i]).put("text", text);
        }
        return out;
    }

    private void emit(Session s, String name, ObjectNode data) {
        synchronized (this) {
            String[] event = {name, Json.MAPPER.writeValueAsString(data), s.id + "-" + s.events.size()};
            s.events.add(event);
            for (SseClient c : clients) send(c, event);
        }
    }

    private void send(SseClient client, String[] event) {
        try {
            if (client.terminated()) clients.remove(client);
            else client.sendEvent(event[0], event[1], event[2]);
        } catch (RuntimeException e) {
            clients.remove(client); // the browser went away
        }
    }

    /** {@code live/MODEL-yyyyMMdd-HHmmss[-N]}, a name nothing uses yet. */
    private Path freeRunDir(String model) {
        String base = model.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "") + "-" + LocalDateTime.now().format(STAMP);
        Path dir = paths.root().resolve(LIVE_DIR);
        if (Files.isSymbolicLink(dir)) throw new PathRefusedException(LIVE_DIR, "is a symbolic link");
        for (int n = 1; ; n++) {
            Path candidate = dir.resolve(n == 1 ? base : base + "-" + n);
            if (!Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return candidate;
        }
    }

    /** Stops a running capture (server shutdown) and closes the event streams. */
    void close() {
        synchronized (this) {
            if (session != null) session.control.requestStop();
        }
        clients.forEach(SseClient::close);
    }
}
