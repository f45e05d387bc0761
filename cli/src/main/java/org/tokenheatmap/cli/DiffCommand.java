package org.tokenheatmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tokenheatmap.compare.AlignmentMode;
import org.tokenheatmap.compare.CompareActivations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heatmap diff A B}: compare_activations, writing the activation diff and (with main traces) the token diff. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two captures step by step: activation deltas (l2, cosine, most-changed neurons) per"
                + " (layer, submodule), and a token-level diff when both have a trace.json.",
                "A and B are run directories or activation trace files."})
public final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "run directory or activations.json of trace A")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "run directory or activations.json of trace B")
    Path b;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto", converter = ModeConverter.class,
            description = "token_id (zip steps, one tokenizer), position (decoded-text spans, any tokenizers) or"
                    + " auto (token_id when the tokenizer fingerprints are equal); default ${DEFAULT-VALUE}")
    AlignmentMode mode;

    @Option(names = "--top-k", paramLabel = "N", defaultValue = "16",
            description = "most-changed neurons listed per (layer, submodule); default ${DEFAULT-VALUE}")
    int topK;

    @Option(names = "--from-summaries",
            description = "compute from the sparse inline top-neuron summaries when a side has no Tier 2 sidecars"
                    + " (estimates only)")
    boolean fromSummaries;

    @Option(names = "--out", paramLabel = "diff.json", required = true,
            description = "activation diff to write; the token diff goes beside it as NAME.tokens.json")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (topK < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--top-k must not be negative");
        PrintWriter err = spec.commandLine().getErr();
        var progress = new BarProgress();
        CompareActivations.Result result;
        try {
            result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out)
                    .withMode(mode).withTopK(topK).withFromSummaries(fromSummaries).withProgress(progress)
                    .withWarnings(w -> err.println("heatmap: warning: " + w)));
        } finally {
            progress.close();
        }
        var alignment = result.alignment();
        spec.commandLine().getOut().printf("wrote %s: %d aligned steps, %d unaligned (alignment %s%s)%s%n",
                result.activationDiff(), alignment.pairs().size(), alignment.mismatches().size(),
                alignment.applied().wireName(), mode == AlignmentMode.AUTO ? ", chosen by auto" : "",
                result.tokenDiff() == null ? "; no token diff (a side has no trace.json)" : "; token diff " + result.tokenDiff());
        return HeatmapCli.EXIT_OK;
    }

    /** A text progress bar on stderr over the aligned pairs. */
    private static final class BarProgress implements CompareActivations.Progress {
        private ProgressBar bar;

        @Override public void start(long pairs) {
            bar = new ProgressBarBuilder().setTaskName("diff").setInitialMax(pairs).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setUnit(" steps", 1).build();
        }

        @Override public void step() { bar.step(); }

        void close() { if (bar != null) bar.close(); }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<AlignmentMode> {
        @Override public AlignmentMode convert(String value) {
            try {
                return AlignmentMode.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
