package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs compare/src/test/resources/python/compare_reference.py (numpy + jsonschema) on a diff. */
final class PythonReference {
    private PythonReference() {}

    static Path repo() { return Path.of(System.getProperty("heatmap.repo", "..")).toAbsolutePath(); }

    static Path schemas() { return repo().resolve("formats/src/main/resources/org/tokenheatmap/formats/schemas"); }

    static String check(Path a, Path b, Path diff, AlignmentMode mode, int topK, boolean fromSummaries)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("python3",
                repo().resolve("compare/src/test/resources/python/compare_reference.py").toString(),
                "--a", a.toString(), "--b", b.toString(), "--diff", diff.toString(), "--mode", mode.wireName(),
                "--top-k", Integer.toString(topK), "--schemas", schemas().toString()));
        if (fromSummaries) command.add("--from-summaries");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "python reference disagrees:\n" + out);
        return out;
    }
}
