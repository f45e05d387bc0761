package org.tokenheatmap.cli;

import org.tokenheatmap.formats.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code heatmap} launcher. Each subcommand is a small class of its own in this package;
 * register it in {@code subcommands} below. Exit codes: 0 success, 1 invalid input or failed check, 2 usage.
 */
@Command(name = "heatmap",
        mixinStandardHelpOptions = true,
        version = "heatmap 0.1.0",
        description = "Record, compare and view what a language model did at every token.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ValidateCommand.class,
                SidecarCommand.class,
                T3Command.class,
                DiffCommand.class,
                ImportCommand.class,
                ServeCommand.class,
                ExportCommand.class,
                QuantizeCommand.class,
                CaptureCommand.class,
                DemoCommand.class,
                InfoCommand.class,
        })
public final class HeatmapCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HeatmapCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.io.IOException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("heatmap: " + ex.getMessage());
                return EXIT_INVALID;
            }
            throw ex;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
