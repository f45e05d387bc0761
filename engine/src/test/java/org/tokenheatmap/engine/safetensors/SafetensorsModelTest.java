package org.tokenheatmap.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.engine.generate.GenerationOptions;
import org.tokenheatmap.engine.generate.GenerationResult;
import org.tokenheatmap.engine.generate.Generator;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loads Hugging Face-layout directories written by hf_reference.py: a random GQA Llama (F32/F16/BF16 tensors,
 * untied head, optionally llama3 RoPE scaling) against that script's float64 forward pass in HF's rotate_half
 * convention (also as Mistral with a sliding window shorter than the sequence), and stories260K converted from its
 * GGUF (two shards + index, q/k un-permuted) against the golden greedy generations of an independent run.c
 * re-implementation.
 */
class SafetensorsModelTest {

    private static final int[] TOKENS = IntStream.range(0, 24).map(i -> (i * 37 + 11) % 100).toArray();
    private static final double TOLERANCE = 2e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"none", "llama3"})
    void randomModelMatchesFloat64HuggingFaceForward(String scaling) throws Exception {
        Path model = dir.resolve("model");
        JsonNode expected = randomReference(model, scaling, TOKENS).get("logits");
        try (LoadedModel loaded = LoadedModel.open(model)) {
            assertEquals(LoadedModel.Format.SAFETENSORS, loaded.format());
            assertEquals(scaling.equals("llama3") ? RopeScaling.PerFrequency.class : RopeScaling.None.class,
                    loaded.model().config().layerAttention().getFirst().rope().scaling().getClass());
            assertFalse(loaded.model().config().hasSlidingWindow());
            assertEquals(java.util.Set.of("F32", "F16", "BF16"), new java.util.HashSet<>(loaded.tensorTypes().values()));
            LanguageModel m = loaded.model();
            float[][] logits = new float[TOKENS.length][];
            m.newSession(TOKENS.length).prefill(TOKENS, (pos, l, off) -> logits[pos] = Arrays.copyOfRange(l, off, off + m.vocabSize()));
            for (int pos = 0; pos < TOKENS.length; pos++) {
                assertLogitsClose(expected.get(pos), logits[pos], "pos " + pos);
            }
        }
    }

    /**
     * Mistral with a window of 4 over 12 tokens, in one batched prefill and in single-token decode steps: logits and
     * hook_pattern rows (zeros before the window) match the reference, whose unwindowed logits differ far beyond the
     * tolerance, so full causal attention would fail here.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void mistralSlidingWindowMatchesFloat64HuggingFaceForward(boolean batched) throws Exception {
        int window = 4;
        int[] tokens = Arrays.copyOf(TOKENS, 12);
        Path model = dir.resolve("mistral");
        JsonNode reference = randomReference(model, "none", tokens, Integer.toString(window));
        int last = tokens.length - 1;
        JsonNode windowed = reference.get("logits").get(last), full = reference.get("logits_full_attention").get(last);
        assertTrue(maxAbsDifference(windowed, full) > 100 * TOLERANCE * maxAbs(windowed),
                "the window must matter at the last position");
        Map<String, float[]> patterns = new HashMap<>();
        Hooks hooks = new Hooks().add("blocks.*.attn.hook_pattern",
                a -> patterns.put(a.name() + "@" + a.position(), a.values().toArray()));
        try (LoadedModel loaded = LoadedModel.open(model)) {
            LanguageModel m = loaded.model();
            assertEquals(window, m.config().slidingWindow(0));
            InferenceSession session = m.newSession(tokens.length, hooks);
            float[][] logits = new float[tokens.length][];
            if (batched) {
                session.prefill(tokens, (pos, l, off) -> logits[pos] = Arrays.copyOfRange(l, off, off + m.vocabSize()));
            } else {
                for (int pos = 0; pos < tokens.length; pos++) logits[pos] = session.decode(tokens[pos]).clone();
            }
            int heads = m.config().heads();
            for (int pos = 0; pos < tokens.length; pos++) {
                assertLogitsClose(reference.get("logits").get(pos), logits[pos], "pos " + pos);
                for (int layer = 0; layer < m.config().layers(); layer++) {
                    float[] pattern = patterns.get("blocks." + layer + ".attn.hook_pattern@" + pos);
                    assertEquals(heads * (pos + 1), pattern.length, "pattern shape [heads, pos+1]");
                    for (int h = 0; h < heads; h++) {
                        JsonNode row = reference.get("pattern").get(layer).get(pos).get(h);
                        for (int key = 0; key <= pos; key++) {
                            float actual = pattern[h * (pos + 1) + key];
                            String where = "pattern L" + layer + " h" + h + " pos " + pos + " key " + key;
                            if (pos - key >= window) assertEquals(0f, actual, where + " (outside the window)");
                            else assertEquals(row.get(key).doubleValue(), actual, TOLERANCE, where);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "2.5", "\"abc\""})
    void mistralWithBadSlidingWindowIsRefused(String value) throws Exception {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type":"mistral","hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,
                 "num_attention_heads":2,"vocab_size":4,"max_position_embeddings":8,
                 "sliding_window":%s}""".formatted(value));
        BadInputException e = assertThrows(BadInputException.class, () -> LoadedModel.open(dir));
        assertEquals(dir.resolve("config.json").toString(), e.file());
        assertEquals("/sliding_window", e.place());
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("sliding_window"), e.getMessage());
    }

    @Test
    void storiesConvertedFromGgufReproducesGoldenGreedy() throws Exception {
        Path model = dir.resolve("stories");
        hfReference("from-gguf", TestFiles.stories260kGguf(), model);
        JsonNode golden = new ObjectMapper().readTree(TestFiles.goldenGreedy().toFile());
        try (LoadedModel loaded = LoadedModel.open(model)) {
            assertEquals(2 + 5 * 9, loaded.tensorTypes().size(), "tensors of both shards");
            assertTrue(loaded.tensorTypes().values().stream().allMatch("F32"::equals));
            assertTrue(loaded.tensorTypes().containsKey("model.layers.4.mlp.down_proj.weight"), "tensor of the second shard");
            for (JsonNode c : golden.get("cases")) {
                int[] prompt = ints(c.get("prompt_tokens")), all = ints(c.get("all_tokens"));
                GenerationResult result = new Generator(loaded.model().newSession(all.length), null)
                        .generate(prompt, GenerationOptions.greedy(all.length - prompt.length), step -> true);
                assertArrayEquals(Arrays.copyOfRange(all, prompt.length, all.length), result.tokens(),
                        "prompt '" + c.get("prompt") + "'");
            }
        }
    }

    /**
     * Writes a random Llama (with {@code window}: a Mistral) to {@code model} with hf_reference.py and returns its
     * reference output.
     */
    private JsonNode randomReference(Path model, String scaling, int[] tokens, String... window) throws Exception {
        Path out = dir.resolve("reference.json");
        List<Object> args = new ArrayList<>(List.of("random", window.length > 0 ? "mistral" : "llama", model,
                Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(",")), out, "--scaling", scaling));
        if (window.length > 0) args.addAll(List.of("--window", window[0]));
        hfReference(args.toArray());
        return new ObjectMapper().readTree(out.toFile());
    }

    /** Runs hf_reference.py (numpy only). */
    private static void hfReference(Object... args) {
        Python.script(TestFiles.resource(SafetensorsModelTest.class, "/python/hf_reference.py"), args).run();
    }

    /** Within {@link #TOLERANCE} times the row's largest logit magnitude (at least 1). */
    private static void assertLogitsClose(JsonNode expected, float[] actual, String where) {
        assertEquals(expected.size(), actual.length, where + " vocabulary");
        double tolerance = TOLERANCE * maxAbs(expected);
        for (int t = 0; t < actual.length; t++) {
            assertEquals(expected.get(t).doubleValue(), actual[t], tolerance, where + " token " + t);
        }
    }

    private static double maxAbs(JsonNode row) {
        double max = 1;
        for (JsonNode v : row) max = Math.max(max, Math.abs(v.doubleValue()));
        return max;
    }

    private static double maxAbsDifference(JsonNode a, JsonNode b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) max = Math.max(max, Math.abs(a.get(i).doubleValue() - b.get(i).doubleValue()));
        return max;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }
}
