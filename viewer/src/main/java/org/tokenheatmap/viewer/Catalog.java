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
 * {@code alignment}) and T³ traces ({@code .jsonl}). Walks without following symlinks, to a bounded depth and count.
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
            walk.filter(Files::isRegularFile).limit(MAX_ENTRIES * 10L).forEach(file -> {
                String name = file.getFileName().toString();
                if (name.equals("trace.json")) {
                    add(runs, file.getParent(), file);
                } else if (name.endsWith(".jsonl")) {
                    add(t3, file, file);
                } else if (name.endsWith(".json") && !name.equals("activations.json") && isDiff(file)) {
                    add(diffs, file, file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void add(ArrayNode list, Path named, Path file) {
        if (list.size() >= MAX_ENTRIES) return;
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
    }

    private static boolean isDiff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
            return head.contains("\"alignment\"") || head.contains("\"token_diff\"");
        } catch (IOException e) {
            return false;
        }
    }
}
