package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the shared model files and of the repository, from the system properties surefire sets. */
final class TestFiles {
    private TestFiles() {}

    static Path models() {
        return existing(Path.of(System.getProperty("heatmap.models", "../../shared/models")));
    }

    static Path repo() {
        return existing(Path.of(System.getProperty("heatmap.repo", "..")));
    }

    static Path model(String relative) {
        return existing(models().resolve(relative));
    }

    private static Path existing(Path p) {
        assertTrue(Files.exists(p), p + " does not exist (set -Dheatmap.models / -Dheatmap.repo)");
        return p.toAbsolutePath().normalize();
    }
}
