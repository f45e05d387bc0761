package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import org.tokenheatmap.compare.AlignmentMode;
import org.tokenheatmap.compare.CompareActivations;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code POST /api/diff/compare {a, b, mode, from_summaries}}: runs compare's {@code compare_activations} on two served
 * runs into {@code DIR/diffs/}, never overwriting a file. Runs without Tier 2 activation sidecars on every step are
 * compared from their inline top-neuron summaries instead (and the answer says so).
 */
final class CompareApi {
    static final String DIFFS_DIR = "diffs";
    private static final Set<String> FIELDS = Set.of("a", "b", "mode", "from_summaries");

    private final SafePaths paths;
    private final RunStore store;

    CompareApi(SafePaths paths, RunStore store) {
        this.paths = paths;
        this.store = store;
    }

    /** {token_diff, activation_diff, mode, applied_mode, from_summaries, notice, warnings}: paths relative to DIR. */
    ObjectNode compare(Context ctx) {
        JsonBody body = JsonBody.of(ctx, FIELDS);
        String a = body.string("a", 4096), b = body.string("b", 4096);
        AlignmentMode mode = AlignmentMode.fromWireName(body.string("mode", 16, "auto"));
        Path runA = run(a), runB = run(b);
        boolean sidecars = hasFullSidecars(runA) && hasFullSidecars(runB);
        boolean fromSummaries = body.bool("from_summaries", false) || !sidecars;
        synchronized (this) {
            Path out = outputFor(runA, runB, mode);
            CompareActivations.Result result = CompareActivations.compare(runA, runB,
                    CompareActivations.Options.writingTo(out).withMode(mode).withFromSummaries(fromSummaries));
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("activation_diff", paths.relativize(result.activationDiff()));
            answer.put("token_diff", result.tokenDiff() == null ? null : paths.relativize(result.tokenDiff()));
            answer.put("mode", mode.wireName()).put("applied_mode", result.alignment().applied().wireName());
            answer.put("from_summaries", result.fromSummaries());
            answer.put("notice", sidecars ? null : "a run has no activation sidecars on every step, so the activation diff was"
                    + " computed from the inline top-neuron summaries (--from-summaries): l2, cosine and changed neurons are estimates");
            result.warnings().forEach(answer.putArray("warnings")::add);
            return answer;
        }
    }

    private Path run(String requested) {
        Path dir = paths.resolve(requested);
        if (!ViewerServer.isRunDir(dir)) throw new SafePaths.PathNotFoundException(requested + "/trace.json");
        return dir;
    }

    private boolean hasFullSidecars(Path runDir) {
        ActivationData activations = store.activations(runDir);
        return !activations.steps().isEmpty() && activations.steps().stream().allMatch(s -> s.sidecarRef() != null);
    }

    /** {@code diffs/A_vs_B.MODE.json} (names made file-safe); refuses when it or its token diff already exists. */
    private Path outputFor(Path runA, Path runB, AlignmentMode mode) {
        String name = safe(paths.relativize(runA)) + "_vs_" + safe(paths.relativize(runB)) + "." + mode.wireName() + ".json";
        Path dir = paths.root().resolve(DIFFS_DIR);
        Path out = dir.resolve(name);
        for (Path f : new Path[] {out, CompareActivations.tokenDiffPath(out)}) {
            if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw ApiException.conflict(paths.relativize(f.getParent()) + "/" + f.getFileName() + " exists; it is not overwritten");
            }
        }
        try {
            if (Files.isSymbolicLink(dir)) throw new PathRefusedException(DIFFS_DIR, "is a symbolic link");
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String safe(String relative) {
        String s = relative.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
        if (s.isEmpty()) s = "run";
        return s.length() > 80 ? s.substring(0, 80) : s;
    }
}
