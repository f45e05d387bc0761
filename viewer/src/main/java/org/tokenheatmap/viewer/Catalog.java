package org.tokenheatmap.viewer;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the served directory holds: run directories (a {@code trace.json} inside), diff files (JSON whose head names an
 * {@code alignment}: activation diffs and the compare module's token diffs) and T³ traces ({@code .jsonl} whose first line is a T³ meta). Walks without following symlinks, to a bounded depth and count.
 */
public final class Catalog {
    private static final int MAX_DEPTH = 6;
    private static final int MAX_ENTRIES = 2000;
    private static final int SNIFF_BYTES = 4096;

    private final SafePaths paths;

    public Catalog(SafePaths paths) {
        this.paths = paths;
    }

    public ObjectNode list() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode runs = out.putArray("runs"), diffs = out.putArray("diffs"), t3 = out.putArray("t3");
        try (Stream<Path> walk = Files.walk(paths.root(), MAX_DEPTH)) {
            walk.filter(Files::isRegularFile).filter(file -> !inProgress(file)).limit(MAX_ENTRIES * 10L).forEach(file -> {
                String name = file.getFileName().toString();
                if (name.equals("trace.json")) {
                    add(runs, file.getParent(), file);
                } else if (name.endsWith(".jsonl") && org.tokenheatmap.viewer.t3.T3Files.isTrace(file)) {
                    add(t3, file, file);
                } else if (name.endsWith(".json") && !name.equals("activations.json")) {
                    String kind = diffKind(file);
                    if (kind != null) add(diffs, file, file).put("kind", kind);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Files inside a capture's temporary {@code RUN.tmp-xxxx} sibling belong to a run that is still being written. */
    private boolean inProgress(Path file) {
        for (Path part : paths.root().relativize(file)) {
            if (part.toString().contains(".tmp-")) return true;
        }
        return false;
    }

    private ObjectNode add(ArrayNode list, Path named, Path file) {
        if (list.size() >= MAX_ENTRIES) return Json.MAPPER.createObjectNode();
        String rel = paths.relativize(named);
        ObjectNode entry = list.addObject().put("path", rel.isEmpty() ? "." : rel);
        try {
            entry.put("bytes", Files.size(file)).put("modified", Files.getLastModifiedTime(file).toString());
        } catch (IOException e) {
            entry.put("error", e.getMessage());
        }
        if (file.getFileName().toString().equals("trace.json")) {
            entry.put("has_activations", Files.isRegularFile(named.resolve("activations.json")));
        }
        return entry;
    }

    /** "token" (compare's token diff: has a divergence header), "activation" (activation-diff.schema.json) or null. */
    static String diffKind(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
            if (!head.contains("\"alignment\"")) return null;
            if (head.contains("\"divergence\"")) return "token";
            return head.contains("\"mismatches\"") ? "activation" : null;
        } catch (IOException e) {
            return null;
        }
    }
}
