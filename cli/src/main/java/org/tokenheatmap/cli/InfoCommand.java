package org.tokenheatmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.load.ModelTokenizer;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.formats.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heatmap info MODEL}: what a model holds (GGUF file, llama2.c checkpoint or Hugging Face directory). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's architecture, dimensions, parameter count, tensor types and tokenizer.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Model: GGUF file, llama2.c checkpoint (.bin) or Hugging Face safetensors directory.")
    Path model;

    @Option(names = "--tokenizer", description = "llama2.c tokenizer file for a .bin checkpoint "
            + "(default: tokenizer.bin or tok512.bin beside it).")
    Path tokenizer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel loaded = LoadedModel.open(model)) {
            DecoderConfig c = loaded.model().config();
            out.printf("file:            %s (%s)%n", model, switch (loaded.format()) {
                case GGUF -> "GGUF";
                case LLAMA2C -> "llama2.c checkpoint";
                case SAFETENSORS -> "Hugging Face safetensors directory";
            });
            loaded.gguf().flatMap(g -> g.metadata().findString("general.name")).ifPresent(n -> out.printf("name:            %s%n", n));
            out.printf("family:          %s (architecture %s)%n", loaded.family().name(), c.architecture());
            out.printf("parameters:      %,d%n", loaded.model().parameterCount());
            out.printf("layers:          %d%n", c.layers());
            out.printf("embedding:       %d (feed-forward %d)%n", c.dim(), c.ffnDim());
            out.printf("heads:           %d query, %d key/value (head size %d%s)%n", c.heads(), c.kvHeads(), c.headDim(),
                    c.heads() == c.kvHeads() ? "" : ", grouped-query");
            if (c.hasRotary()) {
                DecoderConfig.RopeFrequencies f = c.layerAttention().getFirst().rope();
                out.printf("rope:            %d dims, base %s%s%n", c.rotaryDim(), f.theta(), describe(f.scaling()));
            } else if (c.learnedPositions()) {
                out.printf("positions:       learned embedding%n");
            }
            out.printf("context length:  %d%n", c.contextLength());
            if (c.hasSlidingWindow()) {
                out.printf("sliding window:  %s%n", c.quirks().stream().filter(q -> q.startsWith("sliding window ")).findFirst()
                        .orElseThrow().substring("sliding window ".length()));
            }
            out.printf("quirks:          %s%n", String.join("; ", c.quirks()));
            out.printf("output:          %s%n", loaded.model().tiedOutput() ? "tied to token embedding" : "separate matrix");
            out.printf("vocabulary:      %d (model)%n", c.vocabSize());
            out.printf("tensor types:    %s%n", countTypes(loaded.tensorTypes()));
            out.printf("tokenizer:       %s%n", tokenizerLine(loaded));
        }
        return HeatmapCli.EXIT_OK;
    }

    private static String describe(RopeScaling scaling) {
        return switch (scaling) {
            case RopeScaling.None none -> "";
            case RopeScaling.Linear linear -> ", linear scaling x" + linear.factor();
            case RopeScaling.PerFrequency per -> ", per-frequency scaling (rope_freqs, " + per.factors().length + " factors)";
        };
    }

    private static String countTypes(Map<String, String> types) {
        Map<String, Integer> counts = new TreeMap<>();
        types.values().forEach(t -> counts.merge(t, 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        counts.forEach((type, n) -> s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(type));
        return s.toString();
    }

    private String tokenizerLine(LoadedModel loaded) {
        try {
            return ModelTokenizer.find(loaded, tokenizer).map(ModelTokenizer::description).orElse("none found (pass --tokenizer, or put "
                    + String.join(" / ", ModelTokenizer.LLAMA2C_FILES) + " beside the model)");
        } catch (BadInputException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
