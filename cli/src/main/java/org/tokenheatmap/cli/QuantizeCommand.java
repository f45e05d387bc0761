package org.tokenheatmap.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufTensorInfo;
import org.tokenheatmap.engine.quant.GgufQuantizer;
import org.tokenheatmap.engine.tensor.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heatmap quantize IN.gguf OUT.gguf --type Q8_0|Q4_0}: llama.cpp-compatible quantisation of a float model. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantise a float GGUF model to Q8_0 or Q4_0 (norms and rows not a multiple of 32 stay float; output.weight becomes Q8_0).")
public final class QuantizeCommand implements Callable<Integer> {
    enum Target { Q8_0, Q4_0 }

    @Parameters(index = "0", description = "Input GGUF (F32/F16/BF16 tensors are quantised, others copied).")
    Path in;

    @Parameters(index = "1", description = "Output GGUF (written to a temporary file, then renamed).")
    Path out;

    @Option(names = "--type", required = true, description = "Target type: ${COMPLETION-CANDIDATES}.")
    Target type;

    @Override
    public Integer call() throws IOException {
        long total;
        try (GgufFile f = GgufFile.open(in)) {
            total = f.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
        }
        int[] counts = new int[GgmlType.values().length];
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("quantize").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit("k weights", 1000)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
            GgufQuantizer.quantize(in, out, GgmlType.valueOf(type.name()), t -> {
                bar.stepBy(t.elementCount());
                counts[t.type().ordinal()]++;
            });
        }
        StringBuilder summary = new StringBuilder("wrote " + out + ":");
        for (GgmlType t : GgmlType.values()) if (counts[t.ordinal()] > 0) summary.append(' ').append(counts[t.ordinal()]).append(" ").append(t);
        System.out.println(summary.append(" tensors"));
        return HeatmapCli.EXIT_OK;
    }
}
