package org.tokenheatmap.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;
import org.tokenheatmap.formats.trace.ActivationHeader;
import org.tokenheatmap.formats.trace.ActivationLayerEntry;
import org.tokenheatmap.formats.trace.ActivationMetadata;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.ActivationTraceWriter;
import org.tokenheatmap.formats.trace.Alternative;
import org.tokenheatmap.formats.trace.GenerationSettings;
import org.tokenheatmap.formats.trace.ModelInfo;
import org.tokenheatmap.formats.trace.SpecialTokenIds;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;
import org.tokenheatmap.formats.trace.TokenizerInfo;
import org.tokenheatmap.formats.trace.TraceHeader;
import org.tokenheatmap.formats.trace.TraceWriter;

/**
 * Writes a synthetic run directory (trace.json, activations.json, optional sidecars) with the formats module's
 * writers: a scored text cut into the given token texts, random activations and top-k distributions from a seed.
 *
 * @param vocab token ids are {@code vocab.indexOf(text)}; alternatives are drawn from it too
 */
record RunFixture(String fingerprint, List<String> vocab, List<String> tokens, int hiddenDim, List<Integer> layers,
                  List<String> submodules, boolean sidecars, boolean mainTrace, long seed) {

    static final List<String> SUBMODULES = List.of("resid_pre", "o_proj", "mlp.down_proj", "resid_post");

    static RunFixture of(String fingerprint, List<String> vocab, List<String> tokens, long seed) {
        return new RunFixture(fingerprint, vocab, tokens, 16, List.of(0, 2), SUBMODULES, true, true, seed);
    }

    RunFixture withLayers(List<Integer> l) { return new RunFixture(fingerprint, vocab, tokens, hiddenDim, l, submodules, sidecars, mainTrace, seed); }
    RunFixture withSubmodules(List<String> s) { return new RunFixture(fingerprint, vocab, tokens, hiddenDim, layers, s, sidecars, mainTrace, seed); }
    RunFixture withoutSidecars() { return new RunFixture(fingerprint, vocab, tokens, hiddenDim, layers, submodules, false, mainTrace, seed); }
    RunFixture withoutMainTrace() { return new RunFixture(fingerprint, vocab, tokens, hiddenDim, layers, submodules, sidecars, false, seed); }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        var random = new Random(seed);
        int[] offsets = new int[tokens.size()];
        for (int i = 1; i < offsets.length; i++) offsets[i] = offsets[i - 1] + codePoints(tokens.get(i - 1));
        var activationHeader = new ActivationHeader(ActivationHeader.SCHEMA_VERSION,
                new ActivationMetadata(submodules, 4, hiddenDim, fingerprint, layers));
        try (var activations = ActivationTraceWriter.create(dir.resolve("activations.json"), activationHeader);
             var trace = mainTrace ? TraceWriter.create(dir.resolve("trace.json"), traceHeader()) : null) {
            for (int i = 0; i < tokens.size(); i++) {
                int id = tokenId(tokens.get(i));
                var vectors = vectors(random);
                String ref = null;
                if (sidecars) {
                    ref = "activations/step_%06d.npz".formatted(i);
                    Files.createDirectories(dir.resolve("activations"));
                    Sidecars.write(dir.resolve(ref), new ActivationSidecar("1.0.0", i, 4, hiddenDim, submodules, layers,
                            layers.stream().map(l -> new ActivationSidecar.Layer(l, vectors.get(l))).toList()));
                }
                activations.write(new ActivationStep(i, id, offsets[i], summaries(vectors), ref));
                if (trace != null) trace.write(step(i, id, offsets[i], random));
            }
            if (trace != null) trace.finish(new Summary(0, tokens.size(), null, null, null, null, null, null, null,
                    String.join("", tokens)));
            activations.finish();
        }
        return dir;
    }

    int tokenId(String text) {
        int id = vocab.indexOf(text);
        if (id < 0) throw new IllegalArgumentException("'" + text + "' is not in the vocabulary");
        return id;
    }

    private LinkedHashMap<Integer, LinkedHashMap<String, float[]>> vectors(Random random) {
        var out = new LinkedHashMap<Integer, LinkedHashMap<String, float[]>>();
        for (int layer : layers) {
            var bySubmodule = new LinkedHashMap<String, float[]>();
            for (String s : submodules) {
                float[] v = new float[hiddenDim];
                for (int n = 0; n < hiddenDim; n++) v[n] = (float) random.nextGaussian();
                bySubmodule.put(s, v);
            }
            out.put(layer, bySubmodule);
        }
        return out;
    }

    /** Tier 1 entries: norms and the 4 largest-|value| neurons, as the probe writes them. */
    private List<ActivationLayerEntry> summaries(LinkedHashMap<Integer, LinkedHashMap<String, float[]>> vectors) {
        var entries = new ArrayList<ActivationLayerEntry>();
        vectors.forEach((layer, bySubmodule) -> bySubmodule.forEach((submodule, v) -> {
            double l2 = Math.sqrt(IntStream.range(0, v.length).mapToDouble(n -> (double) v[n] * v[n]).sum());
            double meanAbs = IntStream.range(0, v.length).mapToDouble(n -> Math.abs(v[n])).average().orElse(0);
            var top = IntStream.range(0, v.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer n) -> -Math.abs(v[n])))
                    .limit(4).map(n -> new org.tokenheatmap.formats.trace.TopNeuron(n, v[n])).toList();
            entries.add(new ActivationLayerEntry(layer, submodule, l2, meanAbs, 0.0, top));
        }));
        return entries;
    }

    /** A step whose top-5 comes from a random softmax over the vocabulary; the chosen token's scores from it too. */
    private Step step(int i, int id, int offset, Random random) {
        double[] logits = random.doubles(vocab.size(), -3, 3).toArray();
        logits[id] += random.nextDouble() * 3; // usually, not always, the chosen token is the argmax
        double logZ = Math.log(IntStream.range(0, logits.length).mapToDouble(n -> Math.exp(logits[n])).sum());
        double entropy = -IntStream.range(0, logits.length).mapToDouble(n -> (logits[n] - logZ) * Math.exp(logits[n] - logZ)).sum();
        Integer[] order = IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.comparingDouble((Integer n) -> -logits[n])).toArray(Integer[]::new);
        var topK = IntStream.range(0, Math.min(5, order.length))
                .mapToObj(r -> new Alternative(order[r], vocab.get(order[r]), logits[order[r]] - logZ)).toList();
        int rank = 1 + (int) IntStream.range(0, logits.length).filter(n -> logits[n] > logits[id]).count();
        double logprob = logits[id] - logZ;
        return new Step(i, id, tokens.get(i), offset, logprob, Math.exp(logprob), entropy, rank, topK, null, null, null);
    }

    private TraceHeader traceHeader() {
        String text = String.join("", tokens);
        return new TraceHeader(TraceHeader.SCHEMA_VERSION, null, "compare tests",
                new ModelInfo("fixture-" + fingerprint, "llama", "gguf", "F32", 4, 2, 2, hiddenDim / 2, hiddenDim, null,
                        vocab.size(), null, null, "fixture.gguf", "0".repeat(64)),
                new TokenizerInfo("sentencepiece-bpe", null, vocab.size(), fingerprint, new SpecialTokenIds(null, null, null, null), null),
                new GenerationSettings("score", text, 0, 0.0, 0, 1.0, null, 0, null, "end_of_text"),
                null, List.of(), null, "activations.json");
    }

    static int codePoints(String s) { return s.codePointCount(0, s.length()); }
}
