package org.tokenheatmap.cli;

import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.t3.T3Reader;
import org.tokenheatmap.t3.T3Records;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.t3.analysis.Reports;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.analysis.TraceSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code heatmap t3 summary|rotation}: analyses of T³ ecology traces (JSONL). */
@Command(name = "t3", mixinStandardHelpOptions = true,
        description = "Analyse T³ ecology traces (seeds/t3-trace-schema.md).",
        subcommands = {T3Command.Summary.class, T3Command.RotationCmd.class})
public final class T3Command implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: summary or rotation");
    }

    private static void print(CommandLine.Model.CommandSpec spec, Object value, boolean json, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? T3Records.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n" : text);
        out.flush();
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "One streaming pass: n_tokens, act_ponder_steps, halt steps, q_distribution per stage, "
                    + "suppression and self-surprise per stage, geometry checks, capabilities and provenance.")
    static final class Summary implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE.jsonl", description = "T³ trace")
        Path file;

        @Option(names = "--json", description = "print machine-readable JSON")
        boolean json;

        @Option(names = "--lenient", description = "skip broken lines (listed on stderr) instead of failing")
        boolean lenient;

        @Override
        public Integer call() {
            TraceSummary s = Summarizer.summarize(file, lenient ? T3Reader.Mode.LENIENT : T3Reader.Mode.STRICT);
            print(spec, s, json, Reports.text(s));
            for (Problem p : s.problems()) spec.commandLine().getErr().println("heatmap: skipped " + p);
            return HeatmapCli.EXIT_OK;
        }
    }

    @Command(name = "rotation", mixinStandardHelpOptions = true,
            description = "Ω rebuilt from a frame's omega_flat, R = expm(Ω), and the checks RᵀR = I, det R = 1.")
    static final class RotationCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE.jsonl", description = "T³ trace")
        Path file;

        @Option(names = "--frame", required = true, paramLabel = "N",
                description = "frame ordinal: 0 is the file's first frame record")
        int frame;

        @Option(names = "--json", description = "print machine-readable JSON")
        boolean json;

        @Override
        public Integer call() {
            try (T3Trace trace = T3Trace.open(file)) {
                if (frame < 0 || frame >= trace.frameCount())
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--frame " + frame + " is outside 0.." + (trace.frameCount() - 1));
                Reports.FrameRotation r = Reports.rotation(trace, frame);
                print(spec, r, json, Reports.text(r));
                return r.ok() ? HeatmapCli.EXIT_OK : HeatmapCli.EXIT_INVALID;
            }
        }
    }
}
