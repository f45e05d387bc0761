package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.load.LoadedModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Compares logits, residual stream and attention patterns with an independent numpy implementation
 * (src/test/resources/python/llama_reference.py, which parses the GGUF itself) on a random GQA fixture, through
 * batched prefill (two batches) and through one-token decode steps.
 */
class NumpyReferenceForwardTest {

    /** 40 tokens: more than one prefill batch. */
    private static final int[] TOKENS = IntStream.range(0, 40).map(i -> (i * 37 + 11) % RandomFixture.VOCAB).toArray();
    private static final double TOLERANCE = 2e-4;

    @TempDir
    static Path dir;
    static Path model;
    static JsonNode reference;

    @BeforeAll
    static void runNumpy() throws Exception {
        model = RandomFixture.write(dir);
        Path script = TestFiles.resource(NumpyReferenceForwardTest.class, "/python/llama_reference.py");
        Path out = dir.resolve("reference.json");
        String tokens = Arrays.stream(TOKENS).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Python.script(script, model, tokens, out).withTimeout(Duration.ofSeconds(60)).run();
        reference = new ObjectMapper().readTree(out.toFile());
    }

    @Test
    void batchedPrefillMatchesNumpy() {
        compare(true);
    }

    @Test
    void decodeStepsMatchNumpy() {
        compare(false);
    }

    private void compare(boolean batched) {
        Map<String, float[]> captured = new HashMap<>();
        Hooks hooks = new Hooks()
                .add("blocks.*.hook_resid_post", a -> captured.put(a.name() + "@" + a.position(), a.values().toArray()))
                .add("blocks.*.attn.hook_pattern", a -> captured.put(a.name() + "@" + a.position(), a.values().toArray()));
        float[][] logits = new float[TOKENS.length][];
        try (LoadedModel loaded = LoadedModel.open(model)) {
            InferenceSession session = loaded.model().newSession(RandomFixture.CONTEXT, hooks);
            if (batched) {
                session.prefill(TOKENS, (pos, l, off) -> logits[pos] = Arrays.copyOfRange(l, off, off + RandomFixture.VOCAB));
            } else {
                for (int t = 0; t < TOKENS.length; t++) logits[t] = session.decode(TOKENS[t]).clone();
            }
        }
        for (int t = 0; t < TOKENS.length; t++) {
            assertClose(reference.get("logits").get(t), logits[t], "logits@" + t);
            for (int l = 0; l < RandomFixture.LAYERS; l++) {
                float[] resid = captured.get("blocks." + l + ".hook_resid_post@" + t);
                assertNotNull(resid, "resid_post hook did not fire at layer " + l + " position " + t);
                assertClose(reference.get("resid_post").get(l).get(t), resid, "resid_post L" + l + "@" + t);
                float[] pattern = captured.get("blocks." + l + ".attn.hook_pattern@" + t);
                assertEquals(RandomFixture.HEADS * (t + 1), pattern.length);
                JsonNode heads = reference.get("pattern").get(l).get(t);
                for (int h = 0; h < RandomFixture.HEADS; h++) {
                    assertClose(heads.get(h), Arrays.copyOfRange(pattern, h * (t + 1), (h + 1) * (t + 1)),
                            "pattern L" + l + " h" + h + "@" + t);
                }
            }
        }
    }

    private static void assertClose(JsonNode expected, float[] actual, String where) {
        assertEquals(expected.size(), actual.length, where + " length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).doubleValue();
            assertEquals(e, actual[i], TOLERANCE * Math.max(1, Math.abs(e)), where + "[" + i + "]");
        }
    }
}
