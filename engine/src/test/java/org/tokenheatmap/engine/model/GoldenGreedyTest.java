package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.load.LoadedModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.engine.generate.GenerationOptions;
import org.tokenheatmap.engine.generate.GenerationResult;
import org.tokenheatmap.engine.generate.Generator;
import org.tokenheatmap.engine.generate.ReferenceSoftmax;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reproduces golden_greedy.json, written by an independent float64 re-implementation of llama2.c's run.c: the same
 * greedy tokens, and top-5 probabilities within 1e-4 both through batched prefill and through one-token decode steps.
 */
class GoldenGreedyTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"stories260K.gguf", "stories260K.bin"})
    void reproducesGoldenGenerations(String file) throws Exception {
        JsonNode golden = new ObjectMapper().readTree(TestFiles.goldenGreedy().toFile());
        try (LoadedModel loaded = LoadedModel.open(TestFiles.model("stories260K/" + file))) {
            LanguageModel model = loaded.model();
            for (JsonNode c : golden.get("cases")) {
                int[] prompt = ints(c.get("prompt_tokens"));
                int[] all = ints(c.get("all_tokens"));
                List<float[]> stepLogits = new ArrayList<>();
                InferenceSession session = model.newSession(all.length);
                GenerationResult result = new Generator(session, null).generate(prompt,
                        GenerationOptions.greedy(all.length - prompt.length), step -> {
                            stepLogits.add(java.util.Arrays.copyOf(step.logits(), step.vocabSize()));
                            return true;
                        });
                int[] expected = java.util.Arrays.copyOfRange(all, prompt.length, all.length);
                assertArrayEquals(expected, result.tokens(), file + " prompt '" + c.get("prompt") + "'");

                // Every position's logits from one batched prefill over the whole golden sequence.
                float[][] prefillLogits = new float[all.length][];
                model.newSession(all.length).prefill(all, (pos, logits, off) ->
                        prefillLogits[pos] = java.util.Arrays.copyOfRange(logits, off, off + model.vocabSize()));
                for (JsonNode top : c.get("first_positions_top5")) {
                    int pos = top.get("pos").intValue();
                    assertTop5(top.get("top5"), prefillLogits[pos], file + " prefill pos " + pos);
                    int step = pos - (prompt.length - 1);
                    if (step >= 0) assertTop5(top.get("top5"), stepLogits.get(step), file + " decode pos " + pos);
                }
            }
        }
    }

    private static void assertTop5(JsonNode expectedTop5, float[] logits, String where) {
        double[] p = ReferenceSoftmax.of(logits, 1.0);
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        for (int r = 0; r < 5; r++) {
            JsonNode e = expectedTop5.get(r);
            int id = e.get(0).intValue();
            double prob = e.get(2).doubleValue();
            assertEquals(prob, p[id], TOLERANCE, where + " token " + id);
            // Ranks may swap only between near-ties.
            if (order[r] != id) assertEquals(p[order[r]], p[id], TOLERANCE, where + " rank " + r);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }
}
