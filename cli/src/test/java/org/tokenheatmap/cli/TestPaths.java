package org.tokenheatmap.cli;

import java.nio.file.Path;

/** Model files of the shared models directory (system property heatmap.models). */
final class TestPaths {
    private TestPaths() {}

    static Path stories260kBin() {
        return Path.of(System.getProperty("heatmap.models", "../shared/models")).resolve("stories260K/stories260K.bin");
    }
}
