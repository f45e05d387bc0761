package org.tokenheatmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tokenheatmap.formats.validate.PathsValidator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code heatmap validate PATH...}: checks every file of a known kind (found by content, directories
 * recursed) and prints each problem as {@code file: place: reason}, then a one-line summary.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate traces, activation traces and diffs, sidecars and T3 traces (kind detected by content).",
                "Directories are searched recursively; unrecognised files inside them are skipped with a note.",
                "Exit 0 when all are valid, 1 when any is invalid, 2 on usage errors."})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to validate.")
    List<Path> paths = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paths.isEmpty()) {
            err.println("heatmap validate: give at least one PATH");
            spec.commandLine().usage(err);
            return HeatmapCli.EXIT_USAGE;
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                err.println("heatmap validate: " + path + ": no such file or directory");
                return HeatmapCli.EXIT_USAGE;
            }
        }
        int[] counts = new int[3]; // valid, invalid, skipped
        PathsValidator.fromServiceLoader().validate(paths, result -> {
            if (result.skipped()) {
                err.println(result.file() + ": skipped (not a kind heatmap validates)");
                counts[2]++;
            } else if (result.valid()) {
                counts[0]++;
            } else {
                result.problems().forEach(p -> out.println(p));
                counts[1]++;
            }
            out.flush();
        });
        out.println((counts[0] + counts[1]) + " files checked: " + counts[0] + " valid, " + counts[1] + " invalid"
                + (counts[2] > 0 ? ", " + counts[2] + " skipped" : ""));
        return counts[1] == 0 ? HeatmapCli.EXIT_OK : HeatmapCli.EXIT_INVALID;
    }
}
