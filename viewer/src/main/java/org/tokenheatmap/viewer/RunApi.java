package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import org.tokenheatmap.viewer.export.HeatmapExport;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.tokenheatmap.viewer.QueryParams.intParam;
import static org.tokenheatmap.viewer.QueryParams.required;

/** The run endpoints: parse and check query parameters, then slice the cached run. */
final class RunApi {
    private final SafePaths paths;
    private final RunStore store;

    RunApi(SafePaths paths, RunStore store) {
        this.paths = paths;
        this.store = store;
    }

    JsonNode header(Context ctx) {
        TraceData trace = trace(ctx);
        return trace.headerJson(paths.relativize(trace.runDir()));
    }

    JsonNode steps(Context ctx) {
        TraceData trace = trace(ctx);
        int from = intParam(ctx, "from", 0);
        int to = intParam(ctx, "to", Math.min(trace.stepCount(), from + ViewerServer.MAX_STEPS_PER_PAGE));
        if (from < 0 || to < from) throw new IllegalArgumentException("bad range [" + from + ", " + to + ")");
        if (to - from > ViewerServer.MAX_STEPS_PER_PAGE) {
            throw new IllegalArgumentException("at most " + ViewerServer.MAX_STEPS_PER_PAGE + " steps per request");
        }
        return trace.stepPage(from, to);
    }

    JsonNode attention(Context ctx) {
        TraceData trace = trace(ctx);
        int step = stepParam(ctx, trace);
        if (trace.attention() == null || !trace.attention().hasStep(step)) {
            throw new SafePaths.PathNotFoundException("inline attention of step " + step);
        }
        return trace.attention().stepJson(step);
    }

    JsonNode attentionSidecar(Context ctx) {
        TraceData trace = trace(ctx);
        int step = stepParam(ctx, trace);
        JsonNode ref = trace.steps().get(step).get("attention_sidecar_ref");
        if (ref == null || ref.isNull()) throw new SafePaths.PathNotFoundException("attention sidecar of step " + step);
        Path file = sidecar(trace.runDir(), ref.asString());
        return SidecarSlices.attention(file, intParam(ctx, "layer", -1), intParam(ctx, "head", -1));
    }

    JsonNode activationMatrix(Context ctx) {
        ActivationData data = store.activations(runDir(ctx));
        return data.matrix(required(ctx, "submodule"), ctx.queryParamAsClass("metric", String.class).getOrDefault("l2_norm"));
    }

    JsonNode activationCell(Context ctx) {
        ActivationData data = store.activations(runDir(ctx));
        int step = intParam(ctx, "step", -1);
        if (step < 0 || step >= data.steps().size()) throw new IllegalArgumentException("step out of range");
        return data.cell(step, intParam(ctx, "layer", -1), required(ctx, "submodule"));
    }

    JsonNode activationVector(Context ctx) {
        Path runDir = runDir(ctx);
        ActivationData data = store.activations(runDir);
        int step = intParam(ctx, "step", -1);
        if (step < 0 || step >= data.steps().size()) throw new IllegalArgumentException("step out of range");
        String ref = data.steps().get(step).sidecarRef();
        if (ref == null) throw new SafePaths.PathNotFoundException("activation sidecar of step " + step);
        Path file = sidecar(data.file().getParent(), ref);
        return SidecarSlices.activation(file, intParam(ctx, "layer", -1), required(ctx, "submodule"));
    }

    byte[] exportHtml(Context ctx) {
        return HeatmapExport.html(store, runDir(ctx));
    }

    byte[] exportSvg(Context ctx) {
        return HeatmapExport.svg(trace(ctx), ctx.queryParamAsClass("metric", String.class).getOrDefault("probability"));
    }

    private TraceData trace(Context ctx) {
        return store.trace(runDir(ctx));
    }

    private Path runDir(Context ctx) {
        Path dir = paths.resolve(required(ctx, "run"));
        if (!ViewerServer.isRunDir(dir)) throw new SafePaths.PathNotFoundException(ctx.queryParam("run") + "/trace.json");
        return dir;
    }

    /** Sidecar refs come from files, which are untrusted too: they must stay under the served root. */
    private Path sidecar(Path base, String ref) {
        String dir = paths.relativize(base);
        return paths.resolve(dir.isEmpty() ? ref : dir + "/" + ref);
    }

    private static int stepParam(Context ctx, TraceData trace) {
        int step = intParam(ctx, "step", -1);
        if (step < 0 || step >= trace.stepCount()) throw new IllegalArgumentException("step " + step + " out of range [0, " + trace.stepCount() + ")");
        return step;
    }
}
