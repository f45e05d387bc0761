package org.tokenheatmap.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.TestFiles;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The UI's end-to-end scripts (viewer/ui/e2e/*.mjs): node drives headless Debian chromium through playwright-core
 * against a running {@link ViewerServer}, checks the page against an expectations file and saves screenshots.
 */
public final class BrowserScript {
    private BrowserScript() {
    }

    static Path ui() {
        return TestFiles.repo("viewer/ui");
    }

    /**
     * Skips the calling test where Debian's chromium is missing: a system package, which ./test.sh installs only when
     * it runs as root, so elsewhere the browser sessions cannot run. The UI's node modules must be there.
     */
    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "needs Debian's /usr/bin/chromium");
        Node.installed(ui(), "node_modules/playwright-core");
    }

    /**
     * Runs {@code node e2e/SCRIPT URL EXPECTED SCREENSHOTS [MORE...]} against the server on {@code port}; fails
     * when it does not end within the timeout or exits non-zero. Returns what it printed (also echoed, so that
     * the script's checks stay in the surefire report).
     */
    public static String run(String script, int port, Path expected, int timeoutSeconds, Path... more) {
        Path shots = TestFiles.repo().resolve("viewer/target/screenshots");
        List<Object> args = new ArrayList<>(List.of("http://127.0.0.1:" + port, expected, shots));
        args.addAll(List.of(more));
        String out = Node.script(ui(), "e2e/" + script, args.toArray())
                .withTimeout(Duration.ofSeconds(timeoutSeconds)).run();
        System.out.println(out);
        return out;
    }
}
