package org.tokenheatmap.engine.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * transformers is the reference for Hugging Face directories. For every family, hf_reference.py (numpy only) writes a
 * random-weight directory in the family's checkpoint layout — config.json as transformers writes it, tensors in F32,
 * F16 and BF16 — and computes the family's forward pass in float64 following the transformers modeling code: Gemma's
 * {@code (1 + w)} norms and dtype-rounded embedding scale, GPT-2's Conv1D weights, Phi-3's fused projections and
 * partial rotary, Qwen's biases and windows from {@code max_window_layers}, Gemma 3's local/global rotary. We load the
 * directory and compare logits, {@code hook_resid_post} of every block and {@code attn.hook_pattern} of every layer
 * at 24 positions, in one batched prefill.
 *
 * <p>Tolerance: 2e-4 times the largest magnitude in the compared row (at least 1). Both sides read the same stored
 * values; what differs is float32 accumulation over at most a few hundred terms (~1e-6 relative) and float32 rounding
 * of rotary angles and exp/tanh, orders of magnitude below 2e-4, while a wrong quirk moves these values by ~1e-1.
 */
class HuggingFaceReferenceTest {

    private static final int[] TOKENS = IntStream.range(0, 24).map(i -> (i * 37 + 11) % 100).toArray();
    private static final double TOLERANCE = 2e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "gpt2", "qwen2", "qwen3", "gemma2", "gemma3", "phi3"})
    void logitsResidualsAndPatternsMatchTheTransformersConvention(String family) throws Exception {
        Path model = dir.resolve(family), out = dir.resolve(family + ".json");
        Python.script(TestFiles.resource(HuggingFaceReferenceTest.class, "/python/hf_reference.py"), "random", family, model,
                IntStream.of(TOKENS).mapToObj(Integer::toString).collect(Collectors.joining(",")), out).run();
        JsonNode expected = new ObjectMapper().readTree(out.toFile());
        Map<String, float[]> seen = new HashMap<>();
        Hooks hooks = new Hooks()
                .add("blocks.*.hook_resid_post", a -> seen.put(a.name() + "@" + a.position(), a.values().toArray()))
                .add("blocks.*.attn.hook_pattern", a -> seen.put(a.name() + "@" + a.position(), a.values().toArray()));
        try (LoadedModel loaded = LoadedModel.open(model)) {
            Set<String> dtypes = new HashSet<>(loaded.tensorTypes().values());
            assertEquals(Set.of("F32", "F16", "BF16"), dtypes, "the fixture mixes every safetensors float type");
            DecoderConfig c = loaded.config();
            assertEquals(family.equals("mistral") ? "llama" : family, loaded.family().name());
            InferenceSession session = loaded.model().newSession(TOKENS.length, hooks);
            float[][] logits = new float[TOKENS.length][];
            session.prefill(TOKENS, (pos, l, off) -> logits[pos] = java.util.Arrays.copyOfRange(l, off, off + c.vocabSize()));
            for (int pos = 0; pos < TOKENS.length; pos++) {
                assertClose(expected.get("logits").get(pos), logits[pos], family + " logits at " + pos);
                for (int l = 0; l < c.layers(); l++) {
                    assertClose(expected.get("resid_post").get(l).get(pos),
                            seen.get("blocks." + l + ".hook_resid_post@" + pos), family + " resid_post of block " + l + " at " + pos);
                    float[] pattern = seen.get("blocks." + l + ".attn.hook_pattern@" + pos);
                    for (int h = 0; h < c.heads(); h++) {
                        JsonNode row = expected.get("pattern").get(l).get(pos).get(h);
                        float[] ours = java.util.Arrays.copyOfRange(pattern, h * (pos + 1), (h + 1) * (pos + 1));
                        assertClose(row, ours, family + " pattern of layer " + l + " head " + h + " at " + pos);
                    }
                }
            }
            if (c.hasSlidingWindow()) assertTrue(TOKENS.length > c.layerAttention().stream()
                    .mapToInt(DecoderConfig.LayerAttention::slidingWindow).max().orElseThrow(), "the window must bite");
        }
    }

    /** {@code actual} equals the first {@code actual.length} values of {@code expected} within the tolerance. */
    private static void assertClose(JsonNode expected, float[] actual, String where) {
        double scale = 1;
        for (int i = 0; i < actual.length; i++) scale = Math.max(scale, Math.abs(expected.get(i).doubleValue()));
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).doubleValue(), actual[i], TOLERANCE * scale, where + ", element " + i);
        }
        for (int i = actual.length; i < expected.size(); i++) {
            assertEquals(0.0, expected.get(i).doubleValue(), where + ": the reference attends a future key " + i);
        }
    }
}
