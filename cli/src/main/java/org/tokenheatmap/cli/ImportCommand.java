package org.tokenheatmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tokenheatmap.importer.ApiFormat;
import org.tokenheatmap.importer.ApiImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heatmap import FILE --out RUN}: an API response with logprobs as a run directory (trace.json only). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn an API response with per-token logprobs into a run directory (trace.json) that the viewer,"
                + " export, diff and the Python package read.",
                "Entropy is then a lower bound from the listed alternatives, rank is known only within them, and there"
                        + " is no attention and no activations."})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the saved response: JSON, a JSON array, server-sent"
            + " events (data: lines) or JSON lines")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "auto, openai-chat, openai-completions, llama-server, ollama or gemini; default ${DEFAULT-VALUE}")
    ApiFormat format;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "the text the tokens must spell (the completion; an echoed prompt followed by its completion)")
    String text;

    @Option(names = "--out", paramLabel = "RUN", required = true, description = "run directory to write (new or empty)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApiImport.Result r = ApiImport.run(file, format, text, out);
        spec.commandLine().getOut().printf("wrote %s: %s response read as %s, %d prompt tokens, %d steps%n",
                r.run().resolve("trace.json"), r.format().wireName(), r.mode(), r.promptTokens(), r.steps());
        return HeatmapCli.EXIT_OK;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<ApiFormat> {
        @Override public ApiFormat convert(String value) {
            try {
                return ApiFormat.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
