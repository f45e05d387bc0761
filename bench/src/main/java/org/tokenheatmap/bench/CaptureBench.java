package org.tokenheatmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.tokenheatmap.capture.Capture;
import org.tokenheatmap.capture.CaptureControl;
import org.tokenheatmap.capture.CaptureListener;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.capture.CapturePlan;
import org.tokenheatmap.capture.CaptureResult;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.quant.RandomLlama;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.trace.Step;

/**
 * {@code ./bench.sh capture [--random-0.5b] [TOKENS] [ROUNDS]}: decode tokens/s of a whole capture (run directory
 * written) with no probes (token statistics only), with every Tier 1 probe, and with every Tier 2 probe (QKV
 * included), next to the bare engine decode loop, on stories260K and optionally a random-weight ~0.5 B Llama
 * (Q8_0, Llama 2 tokenizer). Configurations are interleaved over rounds and the median is reported. Next to the
 * wall-clock rate, the capturing thread's CPU time per decode step (ThreadMXBean) is reported: far less sensitive to
 * other load on a shared machine. It leaves out the background writer threads (sidecars, activations.json).
 */
public final class CaptureBench {
    private static final String PROMPT = "Once upon a time";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One timed run: decode steps per second (wall clock) and the decoding thread's CPU microseconds per step. */
    private record Rate(double tokensPerSecond, double cpuMicrosPerStep) {}

    private record Config(String name, UnaryOperator<CaptureOptions.Builder> apply) {}

    private static final List<Config> CONFIGS = List.of(
            new Config("no probes", b -> b.attention(false).activations(false)),
            new Config("Tier 1 (attention + activations)", b -> b),
            new Config("Tier 2 (+ sidecars, QKV)", CaptureOptions.Builder::everything));

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean random = rest.remove("--random-0.5b");
        int tokens = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 200;
        int rounds = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 5;
        Path models = Path.of(System.getenv().getOrDefault("HEATMAP_MODELS", "../shared/models"));
        Path work = Files.createTempDirectory("capture-bench");
        try {
            // Untimed rounds first, so that every configuration runs JIT-compiled code (the tiny model needs more).
            bench("stories260K", models.resolve("stories260K/stories260K.gguf"), tokens, rounds, 3, work);
            if (random) {
                Path file = work.resolve("random-0.5b-q8_0.gguf");
                // ~0.49 B: 16 layers of dim 1536 with 4 KV heads, 32k vocabulary (the shape LlamaBench uses)
                new RandomLlama(1536, 4096, 16, 24, 4, 2048, 1, 0.02f, GgmlType.Q8_0)
                        .write(file, TokenizerMetadata.fromLlama2cTokenizer(models.resolve("llama2-tokenizer/tokenizer.bin")));
                bench("random 0.5B Q8_0", file, Math.max(8, tokens / 20), Math.min(rounds, 3), 1, work);
            }
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void bench(String name, Path file, int tokens, int rounds, int warmUpRounds, Path work) throws java.io.IOException {
        try (CaptureModel model = CaptureModel.open(file)) {
            System.out.printf(Locale.ROOT, "%s: %d decode steps per run, median of %d rounds (after %d warm-up rounds)%n",
                    name, tokens, rounds, warmUpRounds);
            double[][] rates = new double[CONFIGS.size() + 1][rounds];
            double[][] cpu = new double[CONFIGS.size() + 1][rounds];
            for (int round = -warmUpRounds; round < rounds; round++) {
                for (int c = -1; c < CONFIGS.size(); c++) {
                    Rate rate;
                    if (c < 0) {
                        rate = engineOnly(model, tokens);
                    } else {
                        Path out = work.resolve("run-" + c);
                        rate = captureRate(model, CONFIGS.get(c), tokens, out);
                        deleteTree(out);
                    }
                    if (round >= 0) {
                        rates[c + 1][round] = rate.tokensPerSecond();
                        cpu[c + 1][round] = rate.cpuMicrosPerStep();
                    }
                }
            }
            double base = median(rates[1]), baseCpu = median(cpu[1]);
            System.out.printf(Locale.ROOT, "  %-36s %10s %12s %12s %12s%n", "configuration", "tokens/s", "vs no probes",
                    "CPU us/step", "vs no probes");
            System.out.printf(Locale.ROOT, "  %-36s %10.1f %12s %12.1f %12s%n", "engine decode loop (no capture)",
                    median(rates[0]), "", median(cpu[0]), "");
            for (int c = 0; c < CONFIGS.size(); c++) {
                double r = median(rates[c + 1]), t = median(cpu[c + 1]);
                System.out.printf(Locale.ROOT, "  %-36s %10.1f %11.1f%% %12.1f %11.1f%%%n", CONFIGS.get(c).name(), r,
                        100 * (base / r - 1), t, 100 * (t / baseCpu - 1));
            }
        }
    }

    /** Decode steps per second of one capture (prefill and file writing of the summary excluded, sidecars included). */
    private static Rate captureRate(CaptureModel model, Config config, int tokens, Path out) {
        CaptureOptions options = config.apply().apply(CaptureOptions.generate(PROMPT).maxNewTokens(tokens + 1)).build();
        // CPU from the end of step 0 (the prefill) to the end of the last step: the decode steps and their recording.
        long[] cpuAt = new long[2];
        CaptureListener clock = new CaptureListener() {
            @Override
            public void stepCaptured(Step step) {
                if (step.step() == 0) cpuAt[0] = THREADS.getCurrentThreadCpuTime();
                if (step.step() == tokens) cpuAt[1] = THREADS.getCurrentThreadCpuTime();
            }
        };
        CaptureResult r = Capture.run(CapturePlan.of(model, options), out, new CaptureControl(), clock);
        if (r.steps().size() != tokens + 1) throw new IllegalStateException(config.name() + ": stopped early (" + r.stopReason() + ")");
        return new Rate(tokens / (r.summary().decodeMs() / 1e3), (cpuAt[1] - cpuAt[0]) / 1e3 / tokens);
    }

    /** The engine alone: greedy argmax decode with nothing attached. */
    private static Rate engineOnly(CaptureModel model, int tokens) {
        int[] prompt = model.tokenizer().encode(PROMPT);
        InferenceSession session = model.loaded().model().newSession(prompt.length + tokens + 1);
        float[] logits = session.prefill(prompt);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < tokens; i++) logits = session.decode(org.tokenheatmap.engine.generate.Sampler.argmax(logits, logits.length));
        long wall = System.nanoTime() - t0;
        return new Rate(tokens / (wall / 1e9), (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / tokens);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
