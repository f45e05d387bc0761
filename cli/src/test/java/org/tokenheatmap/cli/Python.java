package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 (numpy, jsonschema) as an independent reference; fails unless it exits 0 within the time given. */
final class Python {
    private Python() {}

    /** {@code python3 ARGS...} (each argument's toString); returns what it printed on stdout and stderr. */
    static String run(int timeoutSeconds, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        for (Object a : args) command.add(a.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "python timed out\n" + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
