package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.tokenheatmap.viewer.QueryParams.intParam;
import static org.tokenheatmap.viewer.QueryParams.required;

/** Diff endpoints: activation diffs sliced like activation traces; token diffs served whole (small per step). */
final class DiffApi {
    private final SafePaths paths;
    private final RunStore store;

    DiffApi(SafePaths paths, RunStore store) {
        this.paths = paths;
        this.store = store;
    }

    /** {alignment, submodules, layers, metrics, steps, tokens} of an activation diff. */
    JsonNode activationHeader(Context ctx) {
        ActivationData diff = store.activationDiff(file(ctx));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("alignment", diff.metadata());
        out.set("submodules", Json.MAPPER.valueToTree(diff.submodules()));
        out.set("layers", Json.MAPPER.valueToTree(diff.layers()));
        out.set("metrics", Json.MAPPER.valueToTree(diff.kind().metrics()));
        out.put("steps", diff.steps().size());
        out.set("tokens", diff.tokens());
        return out;
    }

    JsonNode activationMatrix(Context ctx) {
        return store.activationDiff(file(ctx)).matrix(required(ctx, "submodule"), required(ctx, "metric"));
    }

    JsonNode activationCell(Context ctx) {
        ActivationData diff = store.activationDiff(file(ctx));
        int step = intParam(ctx, "step", -1);
        if (step < 0 || step >= diff.steps().size()) throw new IllegalArgumentException("step out of range");
        return diff.cell(step, intParam(ctx, "layer", -1), required(ctx, "submodule"));
    }

    /** The token diff, plus the served path of the activation diff it names (looked up beside it), if that exists. */
    JsonNode tokens(Context ctx) {
        Path file = file(ctx);
        TokenDiffData diff = store.tokenDiff(file);
        ObjectNode out = diff.json();
        String ref = diff.header().activationDiff();
        if (ref != null) {
            Path beside = file.getParent().resolve(Path.of(ref).getFileName().toString());
            if (Files.isRegularFile(beside)) out.put("activation_diff_path", paths.relativize(paths.resolve(paths.relativize(beside))));
        }
        return out;
    }

    private Path file(Context ctx) {
        Path file = paths.resolve(required(ctx, "path"));
        if (!Files.isRegularFile(file)) throw new SafePaths.PathNotFoundException(ctx.queryParam("path"));
        return file;
    }
}
