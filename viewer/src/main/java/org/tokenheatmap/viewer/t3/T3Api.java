package org.tokenheatmap.viewer.t3;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.tokenheatmap.t3.FrameKey;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.viewer.Json;
import org.tokenheatmap.viewer.SafePaths;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.tokenheatmap.viewer.QueryParams.intParam;

/**
 * The T³ trace endpoints under {@code /api/t3/}: meta, summary, per-stage geometry, chain states and the frame
 * timeline by range (paged), one frame by ordinal or by key. Every {@code file} parameter goes through
 * {@link SafePaths}; errors use the server's handlers (403 refused path, 404 missing, 422 bad trace, 400 bad query).
 */
public final class T3Api {
    /** Most chain states or timeline frames answered by one request. */
    static final int MAX_PAGE = 2048;

    private final SafePaths paths;
    private final T3Store store = new T3Store();

    public T3Api(SafePaths paths) {
        this.paths = paths;
    }

    /** Adds the routes to {@code app} and closes the open traces when the server stops. */
    public void register(Javalin app) {
        app.get("/api/t3/meta", ctx -> json(ctx, withTrace(ctx, e -> T3Views.meta(ctx.queryParam("file"), e.trace))));
        app.get("/api/t3/summary", ctx -> json(ctx, withTrace(ctx, T3Views::summary)));
        app.get("/api/t3/geometry", ctx -> json(ctx, withTrace(ctx, e -> T3Views.geometry(e.trace, intParam(ctx, "stage", 0)))));
        app.get("/api/t3/chain", ctx -> json(ctx, withTrace(ctx, e -> {
            int[] range = range(ctx, e.trace.chainStates().size());
            return T3Views.chainStates(e.trace, range[0], range[1]);
        })));
        app.get("/api/t3/timeline", ctx -> json(ctx, withTrace(ctx, e -> {
            int[] range = range(ctx, e.trace.frameCount());
            return T3Views.timeline(e.trace, range[0], range[1]);
        })));
        app.get("/api/t3/frame", ctx -> json(ctx, withTrace(ctx, e -> T3Views.frame(e.trace, ordinal(ctx, e.trace)))));
        app.events(events -> events.serverStopped(store::close));
    }

    private JsonNode withTrace(Context ctx, Function<T3Store.Entry, JsonNode> view) {
        String requested = ctx.queryParam("file");
        if (requested == null) throw new IllegalArgumentException("missing query parameter 'file'");
        Path file = paths.resolve(requested);
        if (!Files.isRegularFile(file)) throw new SafePaths.PathNotFoundException(requested);
        return view.apply(store.get(file));
    }

    /** {@code frame=N} (ordinal among the frame records) or {@code forward=F&stage=S&act_call=A}. */
    private static int ordinal(Context ctx, T3Trace trace) {
        if (ctx.queryParam("frame") != null) {
            int n = intParam(ctx, "frame", -1);
            if (n < 0 || n >= trace.frameCount())
                throw new IllegalArgumentException("frame " + n + " out of range [0, " + trace.frameCount() + ")");
            return n;
        }
        FrameKey key = new FrameKey(intParam(ctx, "forward", -1), intParam(ctx, "stage", -1), intParam(ctx, "act_call", -1));
        if (key.chainForward() < 0 || key.stageIdx() < 0 || key.actCall() < 0)
            throw new IllegalArgumentException("give frame=N or forward, stage and act_call");
        int found = trace.find(key);
        if (found < 0) throw new SafePaths.PathNotFoundException("frame " + key);
        return found;
    }

    /** [from, to) within [0, total], at most {@link #MAX_PAGE} long; {@code to} defaults to a full page. */
    private static int[] range(Context ctx, int total) {
        int from = intParam(ctx, "from", 0);
        int to = intParam(ctx, "to", Math.min(total, from + MAX_PAGE));
        if (from < 0 || to < from || to > total) throw new IllegalArgumentException("bad range [" + from + ", " + to + ") of " + total);
        if (to - from > MAX_PAGE) throw new IllegalArgumentException("at most " + MAX_PAGE + " per request");
        return new int[]{from, to};
    }

    private static void json(Context ctx, JsonNode node) {
        ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(node));
    }
}
