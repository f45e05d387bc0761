package org.tokenheatmap.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

/** capture/src/test/resources/python/check_run.py (numpy + jsonschema): an independent check of a whole run directory. */
public final class PythonRunCheck {
    private PythonRunCheck() {}

    /** Fails with the script's output unless it finds {@code run} consistent; returns its "OK ..." line. */
    public static String check(Path run) {
        Path script = TestFiles.repo("capture/src/test/resources/python/check_run.py");
        String out = Python.script(script, run, TestFiles.schemas()).run();
        assertTrue(out.startsWith("OK"), out);
        return out;
    }
}
