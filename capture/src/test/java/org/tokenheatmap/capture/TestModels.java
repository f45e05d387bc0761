package org.tokenheatmap.capture;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tokenheatmap.formats.validate.PathsValidator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared fixtures: the stories260K files, the repository's schemas and the independent Python checker. */
final class TestModels {
    private TestModels() {}

    static Path models() {
        return Path.of(System.getProperty("heatmap.models", "../shared/models"));
    }

    static Path stories260kGguf() {
        return models().resolve("stories260K/stories260K.gguf");
    }

    static Path schemas() {
        return Path.of(System.getProperty("heatmap.repo", "..")).resolve("formats/src/main/resources/org/tokenheatmap/formats/schemas");
    }

    /** Runs check_run.py (numpy + jsonschema) on a run directory and fails with its output unless it says OK. */
    static String pythonCheck(Path run) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(TestModels.class.getResource("/python/check_run.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), run.toString(), schemas().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python check timed out");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("OK"), out);
        return out;
    }

    /** Problems the project's own validators (what `heatmap validate` runs) find under {@code run}. */
    static List<String> validatorProblems(Path run) {
        List<String> problems = new ArrayList<>();
        PathsValidator.fromServiceLoader().validate(List.of(run), r -> {
            if (r.skipped()) problems.add(r.file() + ": not recognised");
            r.problems().forEach(p -> problems.add(p.toString()));
        });
        return problems;
    }

    static List<Path> leftovers(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }
}
