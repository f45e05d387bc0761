package org.tokenheatmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tokenheatmap.engine.family.ModelFamilies;
import org.tokenheatmap.engine.family.ModelFamily;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.generate.Sampler;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.Activation;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.quant.RandomModel;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * {@code ./bench.sh families [--type Q8_0] [--decode N] [--layers L]}: decode speed of every family on the one generic
 * decoder, each as a random-weight GGUF in its own layout with the same width, depth, heads and parameter count
 * (a plain MLP gets 1.5x the feed-forward width of a gated one), next to llama's. Each family's extra work (GELU,
 * soft-caps, QK-norm, post-norms, biases) shows as its ratio to llama; the bar is within 10 %. Tied outputs
 * (GPT-2, Gemma) count fewer parameters but read the same bytes per token. The families are measured in interleaved
 * rounds after a warm-up of all of them, so JIT compilation and the machine's load affect them alike.
 */
public final class FamiliesBench {

    private static final int DIM = 1024, HEADS = 16, KV_HEADS = 4, HEAD_DIM = 64, GATED_FFN = 2816, CONTEXT = 512;
    private static final int PROMPT = 32, WARMUPS = 2, REPEATS = 5;

    private record Row(String family, long parameters, double decode) {}

    public static void main(String[] args) throws Exception {
        GgmlType type = GgmlType.valueOf(option(args, "--type", "Q8_0"));
        int decode = Integer.parseInt(option(args, "--decode", "32"));
        int layers = Integer.parseInt(option(args, "--layers", "8"));
        Path models = Path.of(System.getenv().getOrDefault("HEATMAP_MODELS", "../shared/models"));
        Map<String, GgufValue> tokenizer = TokenizerMetadata.fromLlama2cTokenizer(models.resolve("llama2-tokenizer/tokenizer.bin"));
        int vocab = TokenizerMetadata.vocabSize(tokenizer);
        Path dir = Files.createTempDirectory("heatmap-families-bench");
        List<LoadedModel> loaded = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try {
            for (ModelFamily family : ModelFamilies.ALL) {
                Path file = dir.resolve(family.name() + ".gguf");
                new RandomModel(family, shape(family.name(), layers, vocab), 1, RandomModel.Init.plain(0.02f), type).write(file, tokenizer);
                loaded.add(LoadedModel.open(file));
            }
            double[] best = new double[loaded.size()];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < WARMUPS + REPEATS; round++) {
                for (int m = 0; m < loaded.size(); m++) {
                    double seconds = decodeSeconds(loaded.get(m).model(), decode);
                    if (round >= WARMUPS) best[m] = Math.min(best[m], seconds);
                }
            }
            for (int m = 0; m < loaded.size(); m++) {
                rows.add(new Row(loaded.get(m).family().name(), loaded.get(m).model().parameterCount(), decode / best[m]));
            }
        } finally {
            loaded.forEach(LoadedModel::close);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
        double llama = rows.getFirst().decode();
        System.out.printf(Locale.ROOT, "%nEvery family on the generic decoder: %s, dim %d, %d layers, %d heads (%d KV), vocabulary %d,"
                + " %d-token prompt, decode of %d tokens, best of %d, %d threads%n", type, DIM, layers, HEADS, KV_HEADS, vocab,
                PROMPT, decode, REPEATS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %14s %12s %10s%n", "family", "parameters", "decode t/s", "vs llama");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-8s %,14d %12.2f %9.2fx%n", r.family(), r.parameters(), r.decode(), r.decode() / llama);
        }
    }

    /** The same width, depth and heads for every family, with the family's own quirks switched on. */
    private static DecoderConfig shape(String family, int layers, int vocab) {
        RopeFrequencies rope = new RopeFrequencies(10000f, new RopeScaling.None());
        DecoderConfig.Builder b = DecoderConfig.builder(family, family);
        int kv = family.equals("gpt2") ? HEADS : KV_HEADS;
        int ffn = family.equals("gpt2") ? GATED_FFN * 3 / 2 : GATED_FFN;
        b.dimensions(DIM, layers, HEADS, kv, HEAD_DIM, ffn, vocab, CONTEXT);
        return switch (family) {
            case "llama" -> b.rotary(RotaryStyle.NORM, HEAD_DIM, rope).build();
            case "gpt2" -> b.norm(NormKind.LAYER, 1e-5f).mlp(MlpKind.PLAIN, Activation.GELU_TANH).learnedPositions().build();
            case "qwen2", "phi3" -> b.rotary(RotaryStyle.NEOX, HEAD_DIM, rope).build();
            case "qwen3" -> b.rotary(RotaryStyle.NEOX, HEAD_DIM, rope).qkNorm().build();
            case "gemma2" -> b.rotary(RotaryStyle.NEOX, HEAD_DIM, rope).mlp(MlpKind.GATED, Activation.GELU_TANH)
                    .slidingWindow(4096, l -> l % 2 == 0).attentionSoftCap(50f).finalSoftCap(30f)
                    .embeddingScale((float) Math.sqrt(DIM)).postNorms().build();
            case "gemma3" -> b.rotary(RotaryStyle.NEOX, HEAD_DIM, rope).mlp(MlpKind.GATED, Activation.GELU_TANH)
                    .slidingWindow(512, l -> l % 6 < 5).qkNorm().embeddingScale((float) Math.sqrt(DIM)).postNorms().build();
            default -> throw new IllegalArgumentException("no benchmark shape for family " + family);
        };
    }

    /** Seconds to decode {@code tokens} greedy tokens after a {@value #PROMPT}-token prefill. */
    private static double decodeSeconds(LanguageModel model, int tokens) {
        int[] prompt = new int[PROMPT];
        for (int i = 0; i < PROMPT; i++) prompt[i] = 100 + 37 * i % 1000;
        InferenceSession session = model.newSession(PROMPT + tokens + 1);
        float[] logits = session.prefill(prompt);
        long start = System.nanoTime();
        for (int i = 0; i < tokens; i++) logits = session.decode(Sampler.argmax(logits, model.vocabSize()));
        return (System.nanoTime() - start) / 1e9;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
