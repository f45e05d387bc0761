package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the project's own validators ({@code heatmap validate}) say about files and run directories, as text. */
public final class ValidatorProblems {
    private ValidatorProblems() {}

    /** Every problem found under {@code paths}, and every file no validator recognised; empty when all is valid. */
    public static List<String> of(Path... paths) {
        List<String> problems = new ArrayList<>();
        PathsValidator.fromServiceLoader().validate(List.of(paths), r -> {
            if (r.skipped()) problems.add(r.file() + ": not recognised");
            r.problems().forEach(p -> problems.add(p.toString()));
        });
        return problems;
    }
}
