package org.tokenheatmap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process {@code heatmap} invocation: its exit code and what it printed on stdout and stderr. */
record CliRun(int exit, String out, String err) {

    static CliRun heatmap(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = HeatmapCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
