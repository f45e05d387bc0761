package org.tokenheatmap.cli;

import java.nio.file.Path;

/** Files the tests use: the shared models directory (system property heatmap.models) and the repository (heatmap.repo). */
final class TestPaths {
    private TestPaths() {}

    static Path stories260kBin() {
        return Path.of(System.getProperty("heatmap.models", "../shared/models")).resolve("stories260K/stories260K.bin");
    }

    /** A file of this repository, given relative to its root. */
    static Path repo(String relative) {
        return Path.of(System.getProperty("heatmap.repo", "..")).resolve(relative);
    }

    /** The directory of the JSON schemas shipped in formats. */
    static Path schemas() {
        return repo("formats/src/main/resources/org/tokenheatmap/formats/schemas");
    }
}
