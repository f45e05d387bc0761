package org.tokenheatmap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code node} scripts of a package directory of this repository (tools/js-reference, viewer/ui), whose
 * node_modules {@code npm ci} installs; ./test.sh runs it for every package-lock.json.
 */
public final class Node {
    private Node() {}

    /** {@code node SCRIPT ARGS...} run in {@code packageDir}; fails when its packages are not installed. */
    public static ExternalProcess script(Path packageDir, String script, Object... args) {
        installed(packageDir, "node_modules");
        return ExternalProcess.of(List.of("node", script), args).in(packageDir);
    }

    /** A file or directory that {@code npm ci} installs under {@code packageDir}, e.g. {@code node_modules/some-package}. */
    public static Path installed(Path packageDir, String relative) {
        Path path = packageDir.resolve(relative);
        if (!Files.exists(path)) {
            throw new AssertionError(path + " is missing: run 'npm ci' in " + packageDir + " (./test.sh does)");
        }
        return path;
    }
}
