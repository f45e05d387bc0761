package org.tokenheatmap.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

/** compare/src/test/resources/python/compare_reference.py (numpy + jsonschema): re-derives a diff from its two runs. */
public final class CompareReference {
    private CompareReference() {}

    /** Fails with the script's account of the first disagreement; returns its "ok: ..." line. */
    public static String check(Path a, Path b, Path diff, AlignmentMode mode, int topK, boolean fromSummaries) {
        List<Object> args = new ArrayList<>(List.of("--a", a, "--b", b, "--diff", diff, "--mode", mode.wireName(),
                "--top-k", topK, "--schemas", TestFiles.schemas()));
        if (fromSummaries) args.add("--from-summaries");
        return Python.script(TestFiles.repo("compare/src/test/resources/python/compare_reference.py"), args.toArray()).run();
    }
}
