package org.tokenheatmap.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tokenheatmap.engine.generate.Sampler;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.quant.RandomLlama;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/**
 * {@code ./bench.sh llama [--size 0.5b|1b|none] [--types F32,Q8_0,Q4_0] [--decode N] [--threads N]}: prefill and
 * decode tokens/s of our engine next to llama.cpp (de.kherud:llama, same thread count) on the same GGUF files —
 * stories260K and a random-weight Llama generated into a temp dir — plus decode with no hooks, one hook, and every
 * attention pattern hooked. Timings are best of {@link #REPEATS} after a warm-up.
 */
public final class LlamaBench {

    private static final int REPEATS = 3;
    private static final int WARMUPS = 2;
    private static final String PROMPT = "Once upon a time, there was a little girl named Lily. She loved to play "
            + "outside in the park with her friends. One day, she saw a big red ball near the old tree and ran";

    private record Row(String model, String engine, int promptTokens, double prefill, double decode) {}

    public static void main(String[] args) throws Exception {
        String size = option(args, "--size", "0.5b");
        List<String> types = List.of(option(args, "--types", "F32,Q8_0,Q4_0").split(","));
        int decodeTokens = Integer.parseInt(option(args, "--decode", "16"));
        int threads = Integer.parseInt(option(args, "--threads", "2"));
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(Math.max(1, threads - 1)));
        de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {});
        Path models = Path.of(System.getenv().getOrDefault("HEATMAP_MODELS", "../shared/models"));
        Tokenizer llama2Tokenizer = Tokenizer.of(Llama2cTokenizerLoader.load(models.resolve("llama2-tokenizer/tokenizer.bin")));
        Tokenizer storiesTokenizer = Tokenizer.of(Llama2cTokenizerLoader.load(models.resolve("stories260K/tok512.bin")));

        List<Row> rows = new ArrayList<>();
        bench("stories260K F32", models.resolve("stories260K/stories260K.gguf"), storiesTokenizer, 64, threads, rows, true);
        if (!size.equals("none")) {
            Path dir = Files.createTempDirectory("llama-bench");
            try {
                for (String type : types) {
                    Path file = dir.resolve("random-" + size + "-" + type + ".gguf");
                    long t0 = System.nanoTime();
                    shape(size, GgmlType.valueOf(type)).write(file,
                            TokenizerMetadata.fromLlama2cTokenizer(models.resolve("llama2-tokenizer/tokenizer.bin")));
                    System.err.printf(Locale.ROOT, "generated %s (%.1f GB) in %.0f s%n", file.getFileName(),
                            Files.size(file) / 1e9, (System.nanoTime() - t0) / 1e9);
                    bench("random " + size + " " + type, file, llama2Tokenizer, decodeTokens, threads, rows, type.equals("Q8_0"));
                    Files.delete(file);
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        print(rows, threads);
        System.exit(0); // llama.cpp's native threads would keep the JVM alive
    }

    private static RandomLlama shape(String size, GgmlType type) {
        return switch (size) {
            case "1b" -> RandomLlama.tinyLlamaShape(1, type);
            // ~0.49 B: 16 layers of dim 1536 with 4 KV heads, 32k vocabulary
            case "0.5b" -> new RandomLlama(1536, 4096, 16, 24, 4, 2048, 1, 0.02f, type);
            default -> throw new IllegalArgumentException("--size must be 0.5b, 1b or none");
        };
    }

    private static void bench(String name, Path file, Tokenizer tokenizer, int decodeTokens, int threads, List<Row> rows,
                              boolean hookVariants) {
        int[] prompt = tokenizer.encode(PROMPT);
        try (LoadedModel loaded = LoadedModel.open(file)) {
            LanguageModel model = loaded.model();
            rows.add(measure(name, "ours", prompt.length, decodeTokens, () -> ours(model, prompt, decodeTokens, Hooks.none())));
            if (hookVariants) {
                float[] sink = new float[model.config().dim()];
                rows.add(measure(name, "ours + 1 hook (resid_post L0)", prompt.length, decodeTokens, () -> ours(model, prompt, decodeTokens,
                        new Hooks().add("blocks.0.hook_resid_post", a -> a.values().copyTo(sink, 0)))));
                float[] total = {0};
                rows.add(measure(name, "ours + all patterns", prompt.length, decodeTokens, () -> ours(model, prompt, decodeTokens,
                        new Hooks().add("blocks.*.attn.hook_pattern", a -> total[0] += a.values().get(0)))));
            }
        }
        de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters().setModel(file.toString())
                .setThreads(threads).setThreadsBatch(threads).setCtxSize(512).setGpuLayers(0).ignoreEos());
        try {
            rows.add(measure(name, "llama.cpp", prompt.length, decodeTokens, () -> llamaCpp(llama, decodeTokens)));
        } finally {
            Thread.ofPlatform().daemon().start(llama::close); // close() can block in this binding version
        }
    }

    /** {prefill seconds, decode seconds for decodeTokens steps}. */
    private static double[] ours(LanguageModel model, int[] prompt, int decodeTokens, Hooks hooks) {
        InferenceSession session = model.newSession(prompt.length + decodeTokens + 1, hooks);
        long t0 = System.nanoTime();
        float[] logits = session.prefill(prompt);
        long t1 = System.nanoTime();
        for (int i = 0; i < decodeTokens; i++) logits = session.decode(Sampler.argmax(logits, model.vocabSize()));
        return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
    }

    /**
     * Streams a (1 + N)-token completion: prefill = time to the first streamed token, decode = time from the first to
     * the last, scaled to N tokens.
     */
    private static double[] llamaCpp(de.kherud.llama.LlamaModel llama, int decodeTokens) {
        long start = System.nanoTime(), first = 0;
        int count = 0;
        for (de.kherud.llama.LlamaOutput ignored : llama.generate(params(1 + decodeTokens))) {
            if (count++ == 0) first = System.nanoTime();
        }
        long end = System.nanoTime();
        if (count < 2) throw new IllegalStateException("llama.cpp streamed " + count + " token(s)");
        return new double[] {(first - start) / 1e9, (end - first) / 1e9 * decodeTokens / (count - 1)};
    }

    private static InferenceParameters params(int n) {
        return new InferenceParameters(PROMPT).setTemperature(0f).setTopK(1).setNPredict(n).setCachePrompt(false);
    }

    private static Row measure(String model, String engine, int promptTokens, int decodeTokens,
                               java.util.function.Supplier<double[]> run) {
        for (int w = 0; w < WARMUPS; w++) run.get(); // JIT, page cache
        double bestPrefill = Double.MAX_VALUE, bestDecode = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            double[] t = run.get();
            bestPrefill = Math.min(bestPrefill, t[0]);
            bestDecode = Math.min(bestDecode, t[1]);
        }
        return new Row(model, engine, promptTokens, promptTokens / bestPrefill, decodeTokens / bestDecode);
    }

    private static void print(List<Row> rows, int threads) {
        System.out.printf(Locale.ROOT, "%nLlama forward pass, %d threads (%s), best of %d%n", threads,
                System.getProperty("os.arch"), REPEATS);
        System.out.printf(Locale.ROOT, "%-22s %-30s %7s %12s %8s %12s %8s%n", "model", "engine", "prompt", "prefill t/s",
                "ratio", "decode t/s", "ratio");
        for (Row r : rows) {
            Row peer = rows.stream().filter(p -> p.model().equals(r.model()) && p.engine().equals("llama.cpp"))
                    .findFirst().orElse(r);
            System.out.printf(Locale.ROOT, "%-22s %-30s %7d %12.1f %7.2fx %12.2f %7.2fx%n", r.model(), r.engine(),
                    r.promptTokens(), r.prefill(), r.prefill() / peer.prefill(), r.decode(), r.decode() / peer.decode());
        }
        System.out.println("ratio = ours / llama.cpp on the same file (llama.cpp rows are 1.00x)");
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        if (Arrays.asList(args).contains(name)) throw new IllegalArgumentException(name + " needs a value");
        return fallback;
    }
}
