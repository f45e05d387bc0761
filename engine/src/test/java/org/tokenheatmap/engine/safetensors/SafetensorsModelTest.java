package org.tokenheatmap.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.engine.generate.GenerationOptions;
import org.tokenheatmap.engine.generate.GenerationResult;
import org.tokenheatmap.engine.generate.Generator;
import org.tokenheatmap.engine.model.LlamaModel;
import org.tokenheatmap.engine.model.LoadedModel;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.model.TestModels;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loads Hugging Face-layout directories written by hf_llama_reference.py: a random GQA model (F32/F16/BF16 tensors,
 * untied head, optionally llama3 RoPE scaling) against that script's float64 forward pass in HF's rotate_half
 * convention, and stories260K converted from its GGUF (two shards + index, q/k un-permuted) against the golden greedy
 * generations of an independent run.c re-implementation.
 */
class SafetensorsModelTest {

    private static final int[] TOKENS = IntStream.range(0, 24).map(i -> (i * 37 + 11) % 100).toArray();
    private static final double TOLERANCE = 2e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"none", "llama3"})
    void randomModelMatchesFloat64HuggingFaceForward(String scaling) throws Exception {
        Path model = dir.resolve("model"), out = dir.resolve("reference.json");
        HfReference.run("random", model.toString(), scaling,
                Arrays.stream(TOKENS).mapToObj(Integer::toString).collect(Collectors.joining(",")), out.toString());
        JsonNode expected = new ObjectMapper().readTree(out.toFile()).get("logits");
        try (LoadedModel loaded = LoadedModel.open(model)) {
            assertEquals(LoadedModel.Format.SAFETENSORS, loaded.format());
            assertEquals(scaling.equals("llama3") ? RopeScaling.PerFrequency.class : RopeScaling.None.class,
                    loaded.model().config().ropeScaling().getClass());
            assertEquals("BF16", loaded.tensorTypes().get("model.layers.0.self_attn.o_proj.weight"));
            LlamaModel m = loaded.model();
            float[][] logits = new float[TOKENS.length][];
            m.newSession(TOKENS.length).prefill(TOKENS, (pos, l, off) -> logits[pos] = Arrays.copyOfRange(l, off, off + m.vocabSize()));
            for (int pos = 0; pos < TOKENS.length; pos++) {
                JsonNode row = expected.get(pos);
                double scale = 1;
                for (JsonNode v : row) scale = Math.max(scale, Math.abs(v.doubleValue()));
                for (int t = 0; t < m.vocabSize(); t++) {
                    assertEquals(row.get(t).doubleValue(), logits[pos][t], TOLERANCE * scale, "pos " + pos + " token " + t);
                }
            }
        }
    }

    @Test
    void storiesConvertedFromGgufReproducesGoldenGreedy() throws Exception {
        Path model = dir.resolve("stories");
        HfReference.run("from-gguf", TestModels.stories("stories260K.gguf").toString(), model.toString());
        JsonNode golden = new ObjectMapper().readTree(TestModels.stories("golden_greedy.json").toFile());
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

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }
}
