package org.tokenheatmap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code python3} as an independent reference (numpy, jsonschema): a script, inline code, or a long-running server. */
public final class Python {
    private Python() {}

    /** {@code python3 SCRIPT ARGS...}, each argument's {@code toString()}. */
    public static ExternalProcess script(Path script, Object... args) {
        if (!Files.isRegularFile(script)) throw new AssertionError("no Python script " + script);
        return ExternalProcess.of(List.of("python3", script), args);
    }

    /** {@code python3 -c CODE ARGS...}. */
    public static ExternalProcess code(String code, Object... args) {
        return ExternalProcess.of(List.of("python3", "-c", code), args);
    }

    /** {@code python3 SCRIPT ARGS...} kept running, one reply line per request line (see {@link LineServer}). */
    public static LineServer server(Path script, Object... args) {
        return new LineServer(script(script, args));
    }
}
