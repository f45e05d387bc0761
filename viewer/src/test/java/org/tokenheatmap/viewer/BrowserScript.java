package org.tokenheatmap.viewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The UI's end-to-end scripts (viewer/ui/e2e/*.mjs): node drives headless Debian chromium through playwright-core
 * against a running {@link ViewerServer}, checks the page against an expectations file and saves screenshots.
 */
public final class BrowserScript {
    private BrowserScript() {
    }

    private static Path ui() {
        return Path.of(System.getProperty("heatmap.repo"), "viewer/ui");
    }

    /** Skips the calling test where chromium or the UI's node modules are missing. */
    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "needs Debian's /usr/bin/chromium");
        assumeTrue(Files.isDirectory(ui().resolve("node_modules/playwright-core")), "needs npm ci in viewer/ui");
    }

    /**
     * Runs {@code node e2e/SCRIPT URL EXPECTED SCREENSHOTS [MORE...]} against the server on {@code port}; fails
     * when it does not end within the timeout or exits non-zero. Returns what it printed (also echoed, so that
     * the script's checks stay in the surefire report).
     */
    public static String run(String script, int port, Path expected, int timeoutSeconds, Path... more)
            throws IOException, InterruptedException {
        Path shots = Path.of(System.getProperty("heatmap.repo"), "viewer/target/screenshots");
        List<String> command = new ArrayList<>(List.of("node", "e2e/" + script, "http://127.0.0.1:" + port,
                expected.toString(), shots.toString()));
        for (Path p : more) command.add(p.toString());
        Process node = new ProcessBuilder(command).directory(ui().toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(timeoutSeconds, TimeUnit.SECONDS), "e2e timed out\n" + out);
        System.out.println(out);
        assertEquals(0, node.exitValue(), out);
        return out;
    }
}
