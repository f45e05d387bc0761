package org.tokenheatmap.cli;

import org.tokenheatmap.formats.npz.AtomicFile;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.t3.T3Reader;
import org.tokenheatmap.t3.T3Records;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.t3.analysis.Reports;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.analysis.TraceSummary;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code heatmap t3 summary|rotation|synth}: analyses of T³ ecology traces (JSONL), and synthetic ones to try them on. */
@Command(name = "t3", mixinStandardHelpOptions = true,
        description = "Analyse T³ ecology traces (seeds/t3-trace-schema.md).",
        subcommands = {T3Command.Summary.class, T3Command.RotationCmd.class, T3Command.Synth.class})
public final class T3Command implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: summary, rotation or synth");
    }

    /** A usage error (exit 2) naming the option, when {@code value} is not in {@code min..max}. */
    private static void requireIn(CommandLine.Model.CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + value + " is outside " + min + ".." + max);
        }
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
                requireIn(spec, "--frame", frame, 0, trace.frameCount() - 1);
                Reports.FrameRotation r = Reports.rotation(trace, frame);
                print(spec, r, json, Reports.text(r));
                return r.ok() ? HeatmapCli.EXIT_OK : HeatmapCli.EXIT_INVALID;
            }
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Write a valid synthetic T³ trace from a seed (the generator the tests and benches use), to try "
                    + "`t3 summary`, `validate` and the viewer without a research run. Its numbers are random, not a model's.")
    static final class Synth implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "OUT.jsonl", description = "file to write (atomically: complete or not at all)")
        Path out;

        @Option(names = "--stages", defaultValue = "3", description = "stages (default: ${DEFAULT-VALUE})")
        int stages;

        @Option(names = "--heads", defaultValue = "8", description = "heads per stage (default: ${DEFAULT-VALUE})")
        int heads;

        @Option(names = "--clifford", defaultValue = "3", paramLabel = "P",
                description = "Cl(P,P): 2P primitives, P spacelike and P timelike, P in 1..4 (default: ${DEFAULT-VALUE})")
        int clifford;

        @Option(names = "--tokens", defaultValue = "16",
                description = "generated tokens, one chain_state each; 0 = a single forward (default: ${DEFAULT-VALUE})")
        int tokens;

        @Option(names = "--no-coupling", description = "no Ω / R (has_coupling false)")
        boolean noCoupling;

        @Option(names = "--no-trivectors", description = "no trivector coefficients")
        boolean noTrivectors;

        @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws IOException {
            requireIn(spec, "--stages", stages, 1, 16);
            requireIn(spec, "--heads", heads, 2, 64);
            requireIn(spec, "--clifford", clifford, 1, 4);
            requireIn(spec, "--tokens", tokens, 0, 1_000_000);
            SyntheticTrace trace = new SyntheticTrace(new SyntheticTrace.Config(stages, heads, 2 * clifford, !noCoupling,
                    !noTrivectors, tokens, 1, 3, 5, seed));
            try (AtomicFile file = AtomicFile.create(out)) {
                trace.write(Channels.newOutputStream(file.channel()), UnaryOperator.identity());
                file.commit();
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("wrote %s: %d stages, %d chain states, %d frames (synthetic, seed %d)%n", out, stages,
                    trace.chainStates(), trace.frames(), seed);
            stdout.flush();
            return HeatmapCli.EXIT_OK;
        }
    }
}
