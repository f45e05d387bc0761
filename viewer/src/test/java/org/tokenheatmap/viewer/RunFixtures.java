package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzWriter;
import tools.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes synthetic run directories that follow trace.schema.json, activation.schema.json and the sidecar key layout
 * of PRODUCT.md exactly (a test validates them with Python's jsonschema). Attention rows are real softmaxes, and the
 * inline summaries are computed from them, so summaries and sidecars agree. Streams JSON, so the 4,096-step bench
 * trace with 16 × 16 heads is written without building it in memory.
 */
public final class RunFixtures {
    public static final List<String> SUBMODULES = List.of("resid_pre", "resid_post", "mlp.down_proj");
    private static final String[] WORDS = {" the", " cat", " sat", " on", " a", " mat", ".", "\n", " and", " dog",
            " ran", "\t", " away", " quickly", ",", " é", " 🙂", " <b>", " \"q\""};

    /** Shape of a fixture run. */
    public record Spec(int promptTokens, int steps, int layers, int heads, int kvHeads, int hiddenDim, int topAlternatives,
                       int attentionTopK, boolean attentionSidecars, boolean activationSidecars, long seed) {
        public static Spec small() {
            return new Spec(5, 24, 4, 8, 4, 16, 5, 4, true, true, 7);
        }

        public static Spec bench() {
            return new Spec(16, 4096, 16, 16, 4, 64, 5, 3, false, false, 11);
        }
    }

    private RunFixtures() {
    }

    public static Path write(Path dir, Spec spec) {
        try {
            Files.createDirectories(dir);
            new Writer(dir, spec).run();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of token id {@code id} in the fixture vocabulary. */
    public static String text(int id) {
        return id == 1 ? "<s>" : WORDS[id % WORDS.length];
    }

    /** Keys within this distance of the query (and the sink, position 0) get attention; the rest get none. */
    static final int WINDOW = 32;

    /**
     * Deterministic attention of (step, layer, head) over {@code keys} positions: a softmax of seeded logits over the
     * sink and a local window (a common real pattern), zero elsewhere. Returned sparse: {positions, weights}.
     */
    public static SparseRow sparseRow(Spec spec, int step, int layer, int head, int keys) {
        Random r = new Random(spec.seed * 1_000_003L + step * 7919L + layer * 131L + head);
        int from = Math.max(1, keys - WINDOW);
        int n = 1 + keys - from;
        int[] positions = new int[n];
        double[] logits = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            positions[i] = i == 0 ? 0 : from + i - 1;
            logits[i] = r.nextGaussian() * 1.5 + (i == 0 ? 2.0 : 0) + (positions[i] == keys - 1 ? 1.0 : 0);
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) sum += logits[i] = Math.exp(logits[i] - max);
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) weights[i] = (float) (logits[i] / sum);
        return new SparseRow(positions, weights);
    }

    /** The nonzero part of an attention row. */
    public record SparseRow(int[] positions, float[] weights) {
        float[] dense(int keys) {
            float[] row = new float[keys];
            for (int i = 0; i < positions.length; i++) row[positions[i]] = weights[i];
            return row;
        }
    }

    /** The full attention row (as the sidecar stores it). */
    public static float[] attentionRow(Spec spec, int step, int layer, int head, int keys) {
        return sparseRow(spec, step, layer, head, keys).dense(keys);
    }

    /** Deterministic activation vector of (step, layer, submodule). */
    public static float[] activation(Spec spec, int step, int layer, int submodule) {
        Random r = new Random(spec.seed * 31L + step * 100_003L + layer * 101L + submodule);
        float[] v = new float[spec.hiddenDim];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() < 0.2f ? 0f : (float) (r.nextGaussian() * (1 + layer * 0.5));
        return v;
    }

    /**
     * Writes an activation diff (activation-diff.schema.json) of two fixture runs of the same shape, aligned by step,
     * and a token diff in the compare module's layout naming it; returns the token diff's path.
     */
    public static Path writeDiffs(Path dir, Spec a, Spec b) {
        try {
            Files.createDirectories(dir);
            Path activation = dir.resolve("activation-diff.json"), tokens = dir.resolve("token-diff.json");
            try (JsonGenerator g = Json.MAPPER.createGenerator(activation.toFile(), tools.jackson.core.JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringProperty("schema_version", "1.0.0");
                g.writeName("alignment");
                g.writeStartObject();
                g.writeStringProperty("mode", "position");
                g.writeStringProperty("tokenizer_a_fingerprint", "fixture-fp");
                g.writeStringProperty("tokenizer_b_fingerprint", "fixture-fp");
                g.writeName("mismatches");
                g.writeStartArray();
                g.writeStartObject();
                g.writeNumberProperty("step_a", a.steps);
                g.writeNullProperty("step_b");
                g.writeStringProperty("reason", "trailing_steps_in_a");
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                g.writeName("steps");
                g.writeStartArray();
                for (int s = 0; s < Math.min(a.steps, b.steps); s++) {
                    g.writeStartObject();
                    g.writeNumberProperty("step", s);
                    g.writeNumberProperty("token_id_a", 3 + s % 5);
                    g.writeNumberProperty("token_id_b", 3 + (s % 7 == 3 ? 1 : 0) + s % 5);
                    g.writeNumberProperty("decoded_text_offset_a", s * 4);
                    g.writeNumberProperty("decoded_text_offset_b", s * 4);
                    g.writeName("delta");
                    g.writeStartArray();
                    for (int l = 0; l < a.layers; l++) {
                        for (int sub = 0; sub < SUBMODULES.size(); sub++) {
                            delta(g, l, SUBMODULES.get(sub), activation(a, s, l, sub), activation(b, s, l, sub));
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            tokenDiff(tokens, a, b);
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delta(JsonGenerator g, int layer, String submodule, float[] x, float[] y) {
        double dd = 0, xy = 0, xx = 0, yy = 0;
        float[] d = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] - y[i];
            dd += (double) d[i] * d[i];
            xy += (double) x[i] * y[i];
            xx += (double) x[i] * x[i];
            yy += (double) y[i] * y[i];
        }
        g.writeStartObject();
        g.writeNumberProperty("layer", layer);
        g.writeStringProperty("submodule", submodule);
        g.writeNumberProperty("l2", Math.sqrt(dd));
        g.writeNumberProperty("cosine", Math.clamp(xy / Math.sqrt(xx * yy), -1.0, 1.0));
        topNeurons(g, "top_changed_neurons", "delta", d, 5);
        g.writeEndObject();
    }

    /** Writes {@code name}: the {@code count} largest-magnitude entries of {@code v} as {index, valueName}, largest first. */
    private static void topNeurons(JsonGenerator g, String name, String valueName, float[] v, int count) {
        g.writeName(name);
        g.writeStartArray();
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Float.compare(Math.abs(v[q]), Math.abs(v[p])));
        for (int k = 0; k < Math.min(count, v.length); k++) {
            g.writeStartObject();
            g.writeNumberProperty("index", order[k]);
            g.writeNumberProperty(valueName, v[order[k]]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The compare module's token diff layout (TokenDiff records, snake_case), with deterministic scores. */
    private static void tokenDiff(Path file, Spec a, Spec b) throws IOException {
        int n = Math.min(a.steps, b.steps);
        try (JsonGenerator g = Json.MAPPER.createGenerator(file.toFile(), tools.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringProperty("schema_version", "1.0.0");
            g.writeStringProperty("activation_diff", "activation-diff.json");
            for (String side : List.of("a", "b")) {
                g.writeName(side);
                g.writeStartObject();
                g.writeStringProperty("trace", side + "/trace.json");
                g.writeStringProperty("model", "fixture-" + side);
                g.writeStringProperty("tokenizer_fingerprint", "fixture-fp");
                g.writeEndObject();
            }
            g.writeName("alignment");
            g.writeStartObject();
            g.writeStringProperty("mode", "auto");
            g.writeStringProperty("applied_mode", "token_id");
            g.writeNumberProperty("pairs", n);
            g.writeNumberProperty("unpaired_steps_a", a.steps - n);
            g.writeNumberProperty("unpaired_steps_b", b.steps - n);
            g.writeEndObject();
            g.writeName("divergence");
            g.writeStartObject();
            g.writeStringProperty("measure", "jensen_shannon_top_k");
            g.writeNumberProperty("log_base", 2);
            g.writeStringProperty("keyed_by", "token_id");
            g.writeEndObject();
            g.writeName("steps");
            g.writeStartArray();
            for (int s = 0; s < n; s++) {
                int idA = 3 + s % 5, idB = 3 + (s % 7 == 3 ? 1 : 0) + s % 5;
                double lpA = -0.1 - (s % 4) * 0.5, lpB = -0.1 - (s % 3) * 0.7;
                g.writeStartObject();
                g.writeNumberProperty("step", s);
                g.writeNumberProperty("step_a", s);
                g.writeNumberProperty("step_b", s);
                side(g, "a", idA, s, lpA);
                side(g, "b", idB, s, lpB);
                g.writeBooleanProperty("top1_agrees", idA == idB);
                g.writeNumberProperty("logprob_delta", lpA - lpB);
                g.writeNumberProperty("entropy_delta", 0.1 * (s % 3));
                g.writeNumberProperty("js_divergence", Math.abs(lpA - lpB) / 3);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void side(JsonGenerator g, String name, int id, int step, double logprob) {
        g.writeName(name);
        g.writeStartObject();
        g.writeNumberProperty("token_id", id);
        g.writeStringProperty("text", text(id));
        g.writeNumberProperty("decoded_text_offset", step * 4);
        g.writeNumberProperty("logprob", logprob);
        g.writeNumberProperty("prob", Math.exp(logprob));
        g.writeNumberProperty("entropy", 1.5);
        g.writeNumberProperty("rank", 1);
        g.writeNullProperty("top1");
        g.writeEndObject();
    }

    private static final class Writer {
        private final Path dir;
        private final Spec spec;
        private final Random random;

        Writer(Path dir, Spec spec) {
            this.dir = dir;
            this.spec = spec;
            this.random = new Random(spec.seed);
        }

        void run() throws IOException {
            int[] prompt = new int[spec.promptTokens];
            int[] steps = new int[spec.steps];
            prompt[0] = 1;
            for (int i = 1; i < prompt.length; i++) prompt[i] = 2 + random.nextInt(WORDS.length * 3);
            for (int i = 0; i < steps.length; i++) steps[i] = 2 + random.nextInt(WORDS.length * 3);
            trace(prompt, steps);
            activations(steps);
        }

        private void trace(int[] prompt, int[] steps) throws IOException {
            double sumLp = 0, sumH = 0;
            StringBuilder text = new StringBuilder();
            double[][] scores = new double[steps.length][];
            for (int s = 0; s < steps.length; s++) {
                scores[s] = distribution();
                sumLp += scores[s][0];
                sumH += scores[s][1];
            }
            try (JsonGenerator g = Json.MAPPER.createGenerator(dir.resolve("trace.json").toFile(), tools.jackson.core.JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringProperty("schema_version", "2.0.0");
                g.writeStringProperty("producer", "viewer test fixture");
                g.writeName("model");
                g.writeStartObject();
                g.writeStringProperty("name", "fixture-" + spec.layers + "x" + spec.heads);
                g.writeStringProperty("architecture", "llama");
                g.writeStringProperty("file_format", "gguf");
                g.writeStringProperty("quantization", "F32");
                g.writeNumberProperty("num_layers", spec.layers);
                g.writeNumberProperty("num_attention_heads", spec.heads);
                g.writeNumberProperty("num_key_value_heads", spec.kvHeads);
                g.writeNumberProperty("head_dim", 8);
                g.writeNumberProperty("hidden_dim", spec.hiddenDim);
                g.writeNumberProperty("vocab_size", 512);
                g.writeStringProperty("source_path", "fixture.gguf");
                g.writeStringProperty("content_sha256", "0".repeat(64));
                g.writeEndObject();
                g.writeName("tokenizer");
                g.writeStartObject();
                g.writeStringProperty("kind", "sentencepiece-bpe");
                g.writeNumberProperty("vocab_size", 512);
                g.writeStringProperty("tokenizer_fingerprint", "fixture-fp");
                g.writeName("special_token_ids");
                g.writeStartObject();
                g.writeNumberProperty("bos", 1);
                g.writeNumberProperty("eos", 2);
                g.writeEndObject();
                g.writeEndObject();
                g.writeName("generation");
                g.writeStartObject();
                g.writeStringProperty("mode", "generate");
                g.writeStringProperty("prompt", "fixture prompt");
                g.writeNumberProperty("max_new_tokens", spec.steps);
                g.writeNumberProperty("temperature", 0.8);
                g.writeNumberProperty("top_k", 40);
                g.writeNumberProperty("top_p", 0.95);
                g.writeNumberProperty("seed", spec.seed);
                g.writeStringProperty("stop_reason", "max_new_tokens");
                g.writeEndObject();
                g.writeName("capture");
                g.writeStartObject();
                g.writeNumberProperty("top_alternatives", spec.topAlternatives);
                g.writeNumberProperty("attention_top_k", spec.attentionTopK);
                g.writeName("captured_submodules");
                g.writeStartArray();
                for (String s : SUBMODULES) g.writeString(s);
                g.writeEndArray();
                g.writeBooleanProperty("attention", true);
                g.writeBooleanProperty("activations", true);
                g.writeBooleanProperty("full_attention", spec.attentionSidecars);
                g.writeBooleanProperty("full_activations", spec.activationSidecars);
                g.writeEndObject();
                g.writeName("attention_metadata");
                g.writeStartObject();
                g.writeName("captured_layers");
                g.writeStartArray();
                for (int l = 0; l < spec.layers; l++) g.writeNumber(l);
                g.writeEndArray();
                g.writeNumberProperty("num_attention_heads", spec.heads);
                g.writeNumberProperty("num_key_value_heads", spec.kvHeads);
                g.writeNumberProperty("head_dim", 8);
                g.writeNumberProperty("top_k", spec.attentionTopK);
                g.writeEndObject();
                g.writeStringProperty("activations_ref", "activations.json");
                g.writeName("prompt_tokens");
                g.writeStartArray();
                for (int p = 0; p < prompt.length; p++) {
                    g.writeStartObject();
                    g.writeNumberProperty("position", p);
                    g.writeNumberProperty("token_id", prompt[p]);
                    g.writeStringProperty("text", text(prompt[p]));
                    if (p == 0) {
                        g.writeNullProperty("logprob");
                        g.writeNullProperty("entropy");
                        g.writeNullProperty("rank");
                    } else {
                        double[] d = distribution();
                        g.writeNumberProperty("logprob", d[0]);
                        g.writeNumberProperty("entropy", d[1]);
                        g.writeNumberProperty("rank", (int) d[2]);
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeName("steps");
                g.writeStartArray();
                for (int s = 0; s < steps.length; s++) {
                    step(g, s, steps[s], scores[s], text.codePointCount(0, text.length()), prompt.length);
                    text.append(text(steps[s]));
                }
                g.writeEndArray();
                g.writeName("summary");
                g.writeStartObject();
                g.writeNumberProperty("num_prompt_tokens", prompt.length);
                g.writeNumberProperty("num_steps", steps.length);
                double mean = sumLp / steps.length;
                g.writeNumberProperty("mean_logprob", mean);
                g.writeNumberProperty("perplexity", Math.exp(-mean));
                g.writeNumberProperty("mean_entropy", sumH / steps.length);
                g.writeNumberProperty("tokens_per_second", 42.0);
                g.writeStringProperty("generated_text", text.toString());
                g.writeEndObject();
                g.writeEndObject();
            }
        }

        /** {logprob, entropy, rank} of a plausible next-token distribution. */
        private double[] distribution() {
            double p = Math.pow(random.nextDouble(), 2.5) * 0.98 + 0.01;
            int rank = p > 0.5 ? 1 : 1 + random.nextInt(6);
            return new double[] {Math.log(p), random.nextDouble() * 4, rank};
        }

        private void step(JsonGenerator g, int s, int token, double[] score, int offset, int promptLength) throws IOException {
            g.writeStartObject();
            g.writeNumberProperty("step", s);
            g.writeNumberProperty("token_id", token);
            g.writeStringProperty("text", text(token));
            g.writeNumberProperty("decoded_text_offset", offset);
            g.writeNumberProperty("logprob", score[0]);
            g.writeNumberProperty("prob", Math.exp(score[0]));
            g.writeNumberProperty("entropy", score[1]);
            g.writeNumberProperty("rank", (int) score[2]);
            g.writeName("top_k");
            g.writeStartArray();
            double rest = 1 - Math.exp(score[0]);
            int chosenAt = (int) score[2] - 1;
            for (int k = 0; k < spec.topAlternatives; k++) {
                g.writeStartObject();
                int id = k == chosenAt ? token : 2 + (token + 7 * (k + 1)) % (WORDS.length * 3);
                double lp = k == chosenAt ? score[0] : Math.log(rest / Math.pow(2, k + 2));
                g.writeNumberProperty("token_id", id);
                g.writeStringProperty("text", text(id));
                g.writeNumberProperty("logprob", lp);
                g.writeEndObject();
            }
            g.writeEndArray();
            int keys = promptLength + s;
            Map<String, NdArray> sidecar = spec.attentionSidecars ? new LinkedHashMap<>() : null;
            g.writeName("attention");
            g.writeStartArray();
            for (int l = 0; l < spec.layers; l++) {
                g.writeStartObject();
                g.writeNumberProperty("layer", l);
                g.writeName("heads");
                g.writeStartArray();
                float[] matrix = sidecar == null ? null : new float[spec.heads * keys];
                for (int h = 0; h < spec.heads; h++) {
                    SparseRow row = sparseRow(spec, s, l, h, keys);
                    if (matrix != null) System.arraycopy(row.dense(keys), 0, matrix, h * keys, keys);
                    head(g, h, row);
                }
                g.writeEndArray();
                g.writeEndObject();
                if (sidecar != null) sidecar.put("layer_" + l + "/attention_weights", NdArray.of(matrix, spec.heads, keys));
            }
            g.writeEndArray();
            if (sidecar != null) {
                sidecar.put("schema_version", NdArray.scalar("2.0.0"));
                sidecar.put("step", NdArray.scalar(s));
                sidecar.put("num_attention_heads", NdArray.scalar(spec.heads));
                sidecar.put("num_key_value_heads", NdArray.scalar(spec.kvHeads));
                sidecar.put("head_dim", NdArray.scalar(8));
                sidecar.put("layers", allLayers());
            }
            sidecarRef(g, "attention_sidecar_ref", String.format("attention/step_%06d.npz", s), sidecar, NpzWriter.Compression.STORED);
            g.writeEndObject();
        }

        /** 0 .. layers-1: every layer is captured. */
        private NdArray allLayers() {
            long[] layers = new long[spec.layers];
            for (int l = 0; l < layers.length; l++) layers[l] = l;
            return NdArray.of(layers, layers.length);
        }

        /** Writes the sidecar archive at {@code ref} and the step's {@code property} naming it; null when {@code arrays} is. */
        private void sidecarRef(JsonGenerator g, String property, String ref, Map<String, NdArray> arrays, NpzWriter.Compression compression)
                throws IOException {
            if (arrays == null) {
                g.writeNullProperty(property);
                return;
            }
            Path file = dir.resolve(ref);
            Files.createDirectories(file.getParent());
            NpzWriter.write(file, compression, arrays);
            g.writeStringProperty(property, ref);
        }

        private void head(JsonGenerator g, int h, SparseRow row) {
            float[] w = row.weights();
            double entropy = 0, max = 0;
            for (float x : w) {
                if (x > 0) entropy -= x * Math.log(x);
                max = Math.max(max, x);
            }
            g.writeStartObject();
            g.writeNumberProperty("head", h);
            g.writeNumberProperty("entropy", entropy);
            g.writeNumberProperty("max_weight", max);
            g.writeNumberProperty("sink_weight", w[0]);
            g.writeName("top");
            g.writeStartArray();
            Integer[] order = new Integer[w.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(w[b], w[a]));
            for (int k = 0; k < Math.min(spec.attentionTopK, w.length); k++) {
                g.writeStartObject();
                g.writeNumberProperty("position", row.positions()[order[k]]);
                g.writeNumberProperty("weight", w[order[k]]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        private void activations(int[] steps) throws IOException {
            try (JsonGenerator g = Json.MAPPER.createGenerator(dir.resolve("activations.json").toFile(), tools.jackson.core.JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringProperty("schema_version", "1.1.0");
                g.writeName("activation_metadata");
                g.writeStartObject();
                g.writeName("captured_submodules");
                g.writeStartArray();
                for (String s : SUBMODULES) g.writeString(s);
                g.writeEndArray();
                g.writeNumberProperty("num_layers", spec.layers);
                g.writeNumberProperty("hidden_dim", spec.hiddenDim);
                g.writeStringProperty("tokenizer_fingerprint", "fixture-fp");
                g.writeEndObject();
                g.writeName("steps");
                g.writeStartArray();
                int offset = 0;
                for (int s = 0; s < steps.length; s++) {
                    g.writeStartObject();
                    g.writeNumberProperty("step", s);
                    g.writeNumberProperty("token_id", steps[s]);
                    g.writeNumberProperty("decoded_text_offset", offset);
                    offset += text(steps[s]).codePointCount(0, text(steps[s]).length());
                    Map<String, NdArray> sidecar = spec.activationSidecars ? new LinkedHashMap<>() : null;
                    g.writeName("activations");
                    g.writeStartArray();
                    for (int l = 0; l < spec.layers; l++) {
                        for (int sub = 0; sub < SUBMODULES.size(); sub++) {
                            float[] v = activation(spec, s, l, sub);
                            entry(g, l, SUBMODULES.get(sub), v);
                            if (sidecar != null) sidecar.put("layer_" + l + "/" + SUBMODULES.get(sub), NdArray.of(v, v.length));
                        }
                    }
                    g.writeEndArray();
                    if (sidecar != null) {
                        sidecar.put("schema_version", NdArray.scalar("1.0.0"));
                        sidecar.put("step", NdArray.scalar(s));
                        sidecar.put("num_layers", NdArray.scalar(spec.layers));
                        sidecar.put("hidden_dim", NdArray.scalar(spec.hiddenDim));
                        sidecar.put("captured_submodules", NdArray.strings(SUBMODULES.toArray(String[]::new)));
                        sidecar.put("captured_layers", allLayers());
                    }
                    sidecarRef(g, "activation_sidecar_ref", String.format("activations/step_%06d.npz", s), sidecar,
                            NpzWriter.Compression.DEFLATED);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        }

        private void entry(JsonGenerator g, int layer, String submodule, float[] v) {
            double sq = 0, abs = 0;
            int zeros = 0;
            for (float x : v) {
                sq += x * x;
                abs += Math.abs(x);
                if (Math.abs(x) < 1e-6) zeros++;
            }
            g.writeStartObject();
            g.writeNumberProperty("layer", layer);
            g.writeStringProperty("submodule", submodule);
            g.writeNumberProperty("l2_norm", Math.sqrt(sq));
            g.writeNumberProperty("mean_abs", abs / v.length);
            g.writeNumberProperty("sparsity", zeros / (double) v.length);
            topNeurons(g, "top_neurons", "value", v, 8);
            g.writeEndObject();
        }
    }
}
