package org.tokenheatmap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.capture.LayerSelection;
import org.tokenheatmap.capture.Submodule;
import org.tokenheatmap.engine.generate.SamplingOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heatmap capture}: run a model on a prompt (or score a text) and write a run directory. */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a model on a prompt (or score a text) and record every token into a run directory.")
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "PATH|NAME",
            description = "GGUF file, llama2.c checkpoint (tokenizer.bin / tok512.bin beside it), Hugging Face safetensors directory (config.json, *.safetensors, tokenizer.json) or a known name (stories260K).")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt to continue.") String prompt;
        @Option(names = "--prompt-file", paramLabel = "FILE", description = "Prompt read from a UTF-8 file.") Path promptFile;
        @Option(names = "--score-text", paramLabel = "TEXT", description = "Score every token of this text (no generation).") String scoreText;
        @Option(names = "--score-file", paramLabel = "FILE", description = "Score every token of a UTF-8 file.") Path scoreFile;
    }

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory to create (must not exist or be empty).")
    Path out;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the K most likely (0 = off).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass (1 = off).")
    float topP;

    @Option(names = "--min-p", defaultValue = "0", description = "Drop tokens below this fraction of the best one's probability (0 = off).")
    float minP;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--top-alternatives", defaultValue = "10", description = "Alternatives recorded per token (default: ${DEFAULT-VALUE}).")
    int topAlternatives;

    @Option(names = "--layers", paramLabel = "LIST", description = "Layers the probes capture, e.g. 0,2,5-7 (default: all).")
    String layers;

    @Option(names = "--submodules", paramLabel = "LIST",
            description = "Activation submodules: resid_pre,resid_mid,resid_post,o_proj,mlp.down_proj (default: all).")
    String submodules;

    @Option(names = "--no-attention", description = "Turn the attention probe off.")
    boolean noAttention;

    @Option(names = "--no-activations", description = "Turn the activation probe off (no activations.json).")
    boolean noActivations;

    @Option(names = "--capture-full-attention", description = "Tier 2: one attention sidecar per step (attention/step_NNNNNN.npz).")
    boolean fullAttention;

    @Option(names = "--capture-qkv", description = "Add q/k/v of the query position to the attention sidecars.")
    boolean qkv;

    @Option(names = "--capture-full-activations", description = "Tier 2: one activation sidecar per step (activations/step_NNNNNN.npz).")
    boolean fullActivations;

    @Option(names = "--attention-top-k", defaultValue = "5", description = "Most attended positions per head (default: ${DEFAULT-VALUE}).")
    int attentionTopK;

    @Option(names = "--top-neurons", defaultValue = "16", description = "Highest-|x| neurons per activation entry (default: ${DEFAULT-VALUE}).")
    int topNeurons;

    @Option(names = "--sparsity-threshold", defaultValue = "1e-3",
            description = "|x| below this (absolute) counts as zero in sparsity (default: ${DEFAULT-VALUE}).")
    double sparsityThreshold;

    @Option(names = "--max-output-size", defaultValue = "2GB", paramLabel = "SIZE",
            description = "Refuse when the estimated output is larger (default: ${DEFAULT-VALUE}).")
    String maxOutputSize;

    @Option(names = "--force", description = "Capture even above --max-output-size.")
    boolean force;

    @Option(names = "--stop", paramLabel = "STR",
            description = "End generation on the step whose text completes STR (repeatable; stop reason stop_string).")
    List<String> stopStrings = new ArrayList<>();

    @Option(names = "--chat", description = "Render the prompt as a user message through the model's own chat template"
            + " (GGUF tokenizer.chat_template, or the directory's chat_template.jinja / tokenizer_config.json), with the"
            + " generation prompt; the trace marks which prompt tokens the template wrote.")
    boolean chat;

    @Option(names = "--quiet", description = "No progress bar and no terminal heatmap.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long maxBytes = CaptureExecution.parseMaxSize(maxOutputSize, force);
        CaptureOptions options = options();
        try (CaptureModel m = CaptureExecution.openModel(model, quiet)) {
            CaptureExecution.run(m, options, out, maxBytes, quiet, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return HeatmapCli.EXIT_OK;
    }

    private CaptureOptions options() {
        boolean score = input.scoreText != null || input.scoreFile != null;
        String text = input.prompt != null ? input.prompt : input.scoreText != null ? input.scoreText
                : read(input.promptFile != null ? input.promptFile : input.scoreFile);
        CaptureOptions.Builder b = score ? CaptureOptions.score(text) : CaptureOptions.generate(text);
        b.maxNewTokens(maxNewTokens)
                .sampling(new SamplingOptions(temperature, topK, topP, minP, seed))
                .topAlternatives(topAlternatives)
                .layers(LayerSelection.parse(layers))
                .attention(!noAttention).attentionTopK(attentionTopK).fullAttention(fullAttention).qkv(qkv)
                .activations(!noActivations).fullActivations(fullActivations)
                .sparsityThreshold(sparsityThreshold).topNeurons(topNeurons).stopStrings(stopStrings).chat(chat);
        if (submodules != null) b.submodules(Submodule.parseList(submodules));
        return b.build();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
