package org.tokenheatmap.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.engine.model.ContextLimitException;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.testkit.TestFiles;

/** Generation loop on stories260K: seeded determinism, stop conditions, context limit, streaming, scoring. */
class GeneratorTest {

    private static final int[] PROMPT = {1, 403, 407, 261};

    private static GenerationResult generate(LanguageModel model, GenerationOptions options, TokenListener listener) {
        return new Generator(model.newSession(model.contextLength()), null).generate(PROMPT, options, listener);
    }

    @Test
    void sameSeedSameTokens() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kBin())) {
            GenerationOptions options = GenerationOptions.greedy(40)
                    .withSampling(new SamplingOptions(1.0f, 40, 0.95f, 0.02f, 1234));
            int[] a = generate(loaded.model(), options, TokenListener.NONE).tokens();
            int[] b = generate(loaded.model(), options, TokenListener.NONE).tokens();
            int[] c = generate(loaded.model(), options.withSampling(new SamplingOptions(1.0f, 40, 0.95f, 0.02f, 99)),
                    TokenListener.NONE).tokens();
            assertArrayEquals(a, b);
            assertTrue(!java.util.Arrays.equals(a, c), "another seed gives another story");
        }
    }

    @Test
    void stopsOnStopTokenAndListenerAndReportsStreamedSteps() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            // Greedy continuation of "Once upon a" is " time , there ..." (golden); 432 is ","
            GenerationResult r = generate(loaded.model(), GenerationOptions.greedy(50, 432), TokenListener.NONE);
            assertArrayEquals(new int[] {378, 432}, r.tokens());
            assertEquals(StopReason.EOS, r.stopReason());

            List<GeneratedToken> steps = new ArrayList<>();
            List<Double> probabilities = new ArrayList<>();
            GenerationResult s = generate(loaded.model(), GenerationOptions.greedy(50), t -> {
                steps.add(t);
                probabilities.add(t.probability()); // logits are only valid during the callback
                return t.index() < 2;
            });
            assertEquals(StopReason.LISTENER, s.stopReason());
            assertEquals(3, s.tokens().length);
            assertEquals(PROMPT.length + 1, steps.get(1).position());
            assertEquals(0.999276, probabilities.getFirst(), 1e-4, "golden probability of ' time'");
            assertEquals(StopReason.MAX_TOKENS, generate(loaded.model(), GenerationOptions.greedy(5), TokenListener.NONE).stopReason());
        }
    }

    @Test
    void contextLimitIsAClearError() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            InferenceSession session = loaded.model().newSession(6);
            Generator generator = new Generator(session, null);
            ContextLimitException e = assertThrows(ContextLimitException.class,
                    () -> generator.generate(PROMPT, GenerationOptions.greedy(10), TokenListener.NONE));
            assertTrue(e.getMessage().contains("context limit"), e.getMessage());
            assertEquals(6, session.position(), "filled up to the limit first");
            assertThrows(ContextLimitException.class, () -> loaded.model().newSession(3).prefill(PROMPT));
            assertThrows(IllegalArgumentException.class, () -> loaded.model().newSession(loaded.model().contextLength() + 1));
        }
    }

    @Test
    void scoreMatchesStepByStepLogProbabilities() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            LanguageModel model = loaded.model();
            int[] tokens = {1, 403, 407, 261, 378, 432, 383};
            Scorer.ScoredToken[] scored = Scorer.score(model.newSession(16), tokens, null);
            InferenceSession session = model.newSession(16);
            for (int i = 0; i + 1 < tokens.length; i++) {
                float[] logits = session.decode(tokens[i]);
                double lp = logits[tokens[i + 1]] - Generator.logSumExp(logits, model.vocabSize());
                assertEquals(lp, scored[i].logProbability(), 1e-4);
                assertEquals(i + 1, scored[i].position());
                assertEquals(0, scored[i].rank(), "greedy golden continuation is top-ranked");
            }
            assertEquals(Math.log(0.783689), scored[0].logProbability(), 1e-4, "golden p(' Once' | BOS)");
            assertEquals(Math.log(0.98264), scored[1].logProbability(), 1e-4, "golden p(' upon' | BOS ' Once')");
        }
    }
}
