package org.tokenheatmap.formats.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Realistic traces built in test code: probabilities come from a softmax over random logits (so logprob,
 * prob, entropy, rank and top-k agree with each other), attention rows are random distributions, shapes
 * follow stories260K (5 layers, 8 heads, 4 kv heads, head_dim 8, hidden 64, vocab 512).
 */
public final class TraceFixtures {
    public static final int VOCAB = 512;
    public static final int HIDDEN = 64;
    public static final List<Integer> LAYERS = List.of(0, 2, 4);
    public static final List<String> SUBMODULES = List.of("resid_pre", "resid_post", "mlp.down_proj");
    private static final int HEADS = 8;
    private static final int PROMPT = 4;

    private final SplittableRandom random;
    private final boolean attention;

    public TraceFixtures(long seed, boolean attention) {
        this.random = new SplittableRandom(seed);
        this.attention = attention;
    }

    public TraceHeader header(String activationsRef) {
        ModelInfo model = new ModelInfo("stories260K", "llama", "gguf", "F32", 5, HEADS, 4, 8, HIDDEN, 172, VOCAB,
                512, 260_000L, "models/stories260K.gguf", "ab".repeat(32));
        TokenizerInfo tokenizer = new TokenizerInfo("sentencepiece-bpe", null, VOCAB, "sha256:feedbeef",
                new SpecialTokenIds(1, 2, null, 0), "models/tok512.model");
        GenerationSettings generation = new GenerationSettings("generate", "Once upon a time", 16, 0.0, 0, 1.0, null,
                42L, List.of(), "max_new_tokens");
        CaptureSettings capture = new CaptureSettings(5, 3, LAYERS, SUBMODULES, attention, activationsRef != null,
                false, false, false, 1e-3, 8);
        List<PromptToken> prompt = new ArrayList<>();
        prompt.add(new PromptToken(0, 1, "<s>", null, null, null, null));
        for (int p = 1; p < PROMPT; p++) {
            Distribution d = distribution();
            int token = d.order[random.nextInt(10)];
            prompt.add(new PromptToken(p, token, "t" + token, d.logprob(token), d.entropy, d.rank(token), d.top(3)));
        }
        AttentionMetadata meta = attention ? new AttentionMetadata(LAYERS, HEADS, 4, 8, 3) : null;
        return new TraceHeader(TraceHeader.SCHEMA_VERSION, "2026-11-22T01:00:00Z", "heatmap 0.1.0 tests", model,
                tokenizer, generation, capture, List.copyOf(prompt), meta, activationsRef);
    }

    public Step step(int i, String sidecarRef) {
        Distribution d = distribution();
        int token = d.order[random.nextInt(4)];
        List<LayerAttention> layers = attention ? LAYERS.stream().map(l -> layerAttention(l, PROMPT + i)).toList() : null;
        return new Step(i, token, "t" + token, 2 * i, d.logprob(token), Math.exp(d.logprob(token)), d.entropy,
                d.rank(token), d.top(5), layers, sidecarRef, 1.5);
    }

    public static Summary summary(List<Step> steps) {
        if (steps.isEmpty()) {
            return new Summary(PROMPT, 0, null, null, null, null, 1.0, 0.0, 1.0, "");
        }
        double meanLogprob = steps.stream().mapToDouble(Step::logprob).average().orElseThrow();
        double meanEntropy = steps.stream().mapToDouble(Step::entropy).average().orElseThrow();
        StringBuilder text = new StringBuilder();
        steps.forEach(s -> text.append(s.text()));
        return new Summary(PROMPT, steps.size(), meanLogprob, Math.exp(-meanLogprob), meanEntropy, 100.0, 3.0,
                steps.size() * 1.5, 3.0 + steps.size() * 1.5, text.toString());
    }

    public ActivationHeader activationHeader() {
        return new ActivationHeader(ActivationHeader.SCHEMA_VERSION,
                new ActivationMetadata(SUBMODULES, 5, HIDDEN, "sha256:feedbeef", LAYERS));
    }

    public ActivationStep activationStep(int i, int tokenId, String sidecarRef) {
        List<ActivationLayerEntry> entries = new ArrayList<>();
        for (int layer : LAYERS) {
            for (String submodule : SUBMODULES) {
                float[] v = new float[HIDDEN];
                for (int n = 0; n < HIDDEN; n++) {
                    v[n] = (float) (random.nextGaussian() * (n % 7 == 0 ? 0.0001 : 1.0));
                }
                entries.add(summarise(layer, submodule, v));
            }
        }
        return new ActivationStep(i, tokenId, 2 * i, entries, sidecarRef);
    }

    public DiffStep diffStep(int i, int tokenA, int tokenB) {
        List<LayerDelta> deltas = new ArrayList<>();
        for (int layer : LAYERS) {
            for (String submodule : SUBMODULES) {
                List<TopChangedNeuron> top = IntStream.range(0, 4)
                        .mapToObj(n -> new TopChangedNeuron(random.nextInt(HIDDEN), (random.nextBoolean() ? 1 : -1) * (4 - n) * 0.5))
                        .toList();
                deltas.add(new LayerDelta(layer, submodule, random.nextDouble() * 3, random.nextDouble() * 2 - 1, top));
            }
        }
        return new DiffStep(i, tokenA, tokenB, 2 * i, 2 * i, deltas);
    }

    private static ActivationLayerEntry summarise(int layer, String submodule, float[] v) {
        double sumSquares = 0;
        double sumAbs = 0;
        int small = 0;
        for (float x : v) {
            sumSquares += (double) x * x;
            sumAbs += Math.abs(x);
            small += Math.abs(x) < 1e-3 ? 1 : 0;
        }
        List<TopNeuron> top = IntStream.range(0, v.length).boxed()
                .sorted(Comparator.comparingDouble((Integer n) -> -Math.abs(v[n])))
                .limit(8).map(n -> new TopNeuron(n, v[n])).toList();
        return new ActivationLayerEntry(layer, submodule, Math.sqrt(sumSquares), sumAbs / v.length, (double) small / v.length, top);
    }

    private LayerAttention layerAttention(int layer, int keyLength) {
        List<HeadAttention> heads = new ArrayList<>();
        for (int h = 0; h < HEADS; h++) {
            double[] w = new double[keyLength];
            double sum = 0;
            for (int k = 0; k < keyLength; k++) {
                w[k] = Math.exp(random.nextGaussian() * 2);
                sum += w[k];
            }
            double entropy = 0;
            for (int k = 0; k < keyLength; k++) {
                w[k] /= sum;
                entropy -= w[k] * Math.log(w[k]);
            }
            Integer[] order = IntStream.range(0, keyLength).boxed().sorted(Comparator.comparingDouble(k -> -w[k])).toArray(Integer[]::new);
            List<AttendedPosition> top = Arrays.stream(order).limit(3).map(k -> new AttendedPosition(k, w[k])).toList();
            heads.add(new HeadAttention(h, entropy, w[order[0]], w[0], top));
        }
        return new LayerAttention(layer, heads);
    }

    private Distribution distribution() {
        double[] logits = new double[VOCAB];
        for (int t = 0; t < VOCAB; t++) {
            logits[t] = random.nextGaussian() * 3;
        }
        return new Distribution(logits);
    }

    /** A softmax distribution over the vocabulary with its log-probabilities, entropy and tokens by rank. */
    private static final class Distribution {
        final double[] logprobs;
        final int[] order;
        final double entropy;

        Distribution(double[] logits) {
            double max = Arrays.stream(logits).max().orElseThrow();
            double sum = Arrays.stream(logits).map(x -> Math.exp(x - max)).sum();
            double logZ = max + Math.log(sum);
            logprobs = Arrays.stream(logits).map(x -> x - logZ).toArray();
            entropy = -Arrays.stream(logprobs).map(lp -> Math.exp(lp) * lp).sum();
            order = IntStream.range(0, logits.length).boxed().sorted(Comparator.comparingDouble(t -> -logprobs[t]))
                    .mapToInt(Integer::intValue).toArray();
        }

        double logprob(int token) {
            return logprobs[token];
        }

        int rank(int token) {
            for (int r = 0; r < order.length; r++) {
                if (order[r] == token) {
                    return r + 1;
                }
            }
            throw new IllegalArgumentException("token " + token);
        }

        List<Alternative> top(int k) {
            return Arrays.stream(order).limit(k).mapToObj(t -> new Alternative(t, "t" + t, logprobs[t])).toList();
        }
    }
}
