package org.tokenheatmap.viewer;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code heatmap serve}: the web UI plus a JSON API that pages and slices the runs under one directory, so a long
 * run with full sidecars never travels to the browser whole. Every client-named path goes through {@link SafePaths}.
 */
public final class ViewerServer implements AutoCloseable {
    /** Where the Maven build puts the built UI (viewer/ui/dist) on the classpath. */
    public static final String UI_RESOURCES = "/org/tokenheatmap/viewer/ui";
    static final int MAX_STEPS_PER_PAGE = 4096;

    private final SafePaths paths;
    private final RunStore store = new RunStore();
    private final Javalin app;
    private final LiveCapture live;

    private ViewerServer(Path root, Map<String, Path> models) {
        this.paths = new SafePaths(root);
        this.live = new LiveCapture(paths, models);
        boolean uiBuilt = ViewerServer.class.getResource(UI_RESOURCES + "/index.html") != null;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.prefer405over404 = false;
            if (uiBuilt) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = UI_RESOURCES;
                    files.location = Location.CLASSPATH;
                });
            }
        });
        if (!uiBuilt) app.get("/", ctx -> ctx.result("The viewer UI was not built into this jar (run mvn package in viewer)."));
        routes(new RunApi(paths, store), new DiffApi(paths, store));
        writeRoutes(new CompareApi(paths, store));
        new org.tokenheatmap.viewer.t3.T3Api(paths).register(app);
        errors();
    }

    /** Starts serving {@code root} on {@code host:port} (port 0 = any free port). */
    public static ViewerServer start(Path root, String host, int port) {
        return start(root, host, port, Map.of());
    }

    /**
     * As {@link #start(Path, String, int)}, offering live capture with {@code models} (name → model file) besides the
     * known model names that the capture module's {@code ModelLocator} resolves.
     */
    public static ViewerServer start(Path root, String host, int port, Map<String, Path> models) {
        ViewerServer server = new ViewerServer(root, models);
        server.app.start(host, port);
        return server;
    }

    public int port() {
        return app.port();
    }

    public Path root() {
        return paths.root();
    }

    @Override
    public void close() {
        live.close();
        app.stop();
    }

    private void routes(RunApi api, DiffApi diff) {
        app.get("/api/diff/activation/header", ctx -> json(ctx, diff.activationHeader(ctx)));
        app.get("/api/diff/activation/matrix", ctx -> json(ctx, diff.activationMatrix(ctx)));
        app.get("/api/diff/activation/cell", ctx -> json(ctx, diff.activationCell(ctx)));
        app.get("/api/diff/tokens", ctx -> json(ctx, diff.tokens(ctx)));
        app.get("/api/index", ctx -> json(ctx, new Catalog(paths).list()));
        app.get("/api/trace/header", ctx -> json(ctx, api.header(ctx)));
        app.get("/api/trace/steps", ctx -> json(ctx, api.steps(ctx)));
        app.get("/api/trace/attention", ctx -> json(ctx, api.attention(ctx)));
        app.get("/api/trace/attention-sidecar", ctx -> json(ctx, api.attentionSidecar(ctx)));
        app.get("/api/activations/matrix", ctx -> json(ctx, api.activationMatrix(ctx)));
        app.get("/api/activations/cell", ctx -> json(ctx, api.activationCell(ctx)));
        app.get("/api/activations/vector", ctx -> json(ctx, api.activationVector(ctx)));
        app.get("/api/export/html", ctx -> download(ctx, "text/html; charset=utf-8", "heatmap.html",
                api.exportHtml(ctx)));
        app.get("/api/export/svg", ctx -> download(ctx, "image/svg+xml", "heatmap.svg", api.exportSvg(ctx)));
    }

    /** The POST routes: they write into the served directory (diffs/, live/) and take JSON bodies only. */
    private void writeRoutes(CompareApi compare) {
        app.post("/api/diff/compare", ctx -> json(ctx, compare.compare(ctx)));
        app.get("/api/capture/models", ctx -> json(ctx, live.models()));
        app.post("/api/capture/start", ctx -> json(ctx, live.start(ctx)));
        app.post("/api/capture/stop", ctx -> json(ctx, live.stop()));
        app.sse("/api/capture/events", live::subscribe);
    }

    private void errors() {
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(PathRefusedException.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(SafePaths.PathNotFoundException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(BadInputException.class, (e, ctx) -> error(ctx, 422, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(IndexOutOfBoundsException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Json.MAPPER.createObjectNode().put("error", message));
    }

    private static void json(Context ctx, JsonNode node) {
        ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(node));
    }

    private static void download(Context ctx, String type, String name, byte[] body) {
        ctx.contentType(type).header("Content-Disposition", "attachment; filename=\"" + name + "\"").result(body);
    }

    static boolean isRunDir(Path dir) {
        return Files.isRegularFile(dir.resolve("trace.json"));
    }
}
