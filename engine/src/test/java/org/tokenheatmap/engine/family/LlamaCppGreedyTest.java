package org.tokenheatmap.engine.family;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.model.Numerics;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tokenizer.GgufTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/**
 * llama.cpp b4916 (de.kherud:llama) greedy continuations of stories260K (F32, and the Q8_0 / Q4_0 copies our quantiser
 * makes), followed token by token through our model ({@link Numerics#EXACT}): wherever our top-two logit margin
 * exceeds {@link #MARGIN} we must have chosen llama.cpp's token. Below it, either token may win: a near tie is
 * decided by rounding, and llama.cpp's rounding depends on the SIMD kernels it picks for the CPU at hand (a gap of
 * 0.033 flipped on an AVX2-only machine), so an exact comparison would test the CPU, not the model.
 *
 * <p>{@link #MARGIN} is twice {@link LlamaCppReferenceTest#STORIES_EXACT_BOUND}, the bound on how far our
 * log-probabilities of these files are from current llama.cpp's: a margin between two tokens carries both errors.
 */
class LlamaCppGreedyTest {

    static final double MARGIN = 2 * LlamaCppReferenceTest.STORIES_EXACT_BOUND;
    private static final int STEPS = 40;
    private static final List<String> PROMPTS = List.of("", "The cat", "Once upon a time", "Lily and Tom went to the",
            "Zoo", "Lily and Tom");

    @TempDir
    static Path dir;

    @BeforeAll
    static void quiet() {
        de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {});
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_0"})
    void agreesWithLlamaCppWhereverOurChoiceIsClear(GgmlType type) throws Exception {
        Path model = LlamaCppReferenceTest.stories260k(type, dir);
        List<String> completions = new ArrayList<>();
        de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters()
                .setModel(model.toString()).setThreads(2).setCtxSize(256).setGpuLayers(0).skipWarmup());
        try {
            for (String prompt : PROMPTS) {
                completions.add(llama.complete(new InferenceParameters(prompt).setTemperature(0f).setTopK(1)
                        .setNPredict(STEPS).setSeed(1).setCachePrompt(false)));
            }
        } finally {
            // close() of this binding version can block forever; release the model off the test thread.
            Thread.ofPlatform().daemon().start(llama::close);
        }
        try (LoadedModel loaded = LoadedModel.open(model)) {
            // The tokenizer embedded in the same GGUF that llama.cpp reads (copied unchanged by the quantiser).
            Tokenizer tokenizer = Tokenizer.of(GgufTokenizerLoader.load(loaded.gguf().orElseThrow()));
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (int i = 0; i < PROMPTS.size(); i++) {
                Walk walk = follow(loaded.model(), tokenizer, PROMPTS.get(i), completions.get(i));
                checked += walk.clearChoices();
                if (walk.failure() != null) failures.add(type + " '" + PROMPTS.get(i) + "': " + walk.failure());
            }
            assertEquals(List.of(), failures);
            System.out.printf("%s: %d clear choices agreed with llama.cpp b4916%n", type, checked);
        }
    }

    /** How a walk along llama.cpp's text went: how many positions had a clear choice, and the first disagreement. */
    private record Walk(int clearChoices, String failure) {}

    /**
     * Feeds the prompt, then at each step takes llama.cpp's next token: ours when its text continues llama.cpp's,
     * else the token most likely under our model among those whose text does. A step where we preferred another token
     * by more than {@link #MARGIN} is a failure.
     */
    private static Walk follow(LanguageModel model, Tokenizer tokenizer, String prompt, String expected) {
        InferenceSession session = model.newSession(256);
        float[] logits = session.prefill(tokenizer.encode(prompt));
        // llama.cpp's completion is the concatenation of its tokens' raw pieces (word-start spaces included).
        StringBuilder done = new StringBuilder();
        int clear = 0;
        while (done.length() < expected.length()) {
            String remaining = expected.substring(done.length());
            int ours = argmax(logits, -1);
            double margin = logits[ours] - logits[argmax(logits, ours)];
            int next = ours;
            if (!remaining.startsWith(text(tokenizer, ours))) {
                next = bestContinuation(tokenizer, logits, remaining);
                if (next < 0) return new Walk(clear, "at '" + done + "' no token continues llama.cpp's '" + remaining + "'");
                double gap = logits[ours] - logits[next];
                if (gap > MARGIN) {
                    return new Walk(clear, "at '" + done + "' we preferred '" + text(tokenizer, ours) + "' by " + gap
                            + " over llama.cpp's '" + text(tokenizer, next) + "'");
                }
            } else if (margin > MARGIN) {
                clear++;
            }
            done.append(text(tokenizer, next));
            logits = session.decode(next);
        }
        return new Walk(clear, null);
    }

    private static String text(Tokenizer tokenizer, int id) {
        return new String(tokenizer.tokenBytes(id, false), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The token our model rates highest among those whose text is a non-empty prefix of {@code remaining}. */
    private static int bestContinuation(Tokenizer tokenizer, float[] logits, String remaining) {
        int best = -1;
        for (int id = 0; id < tokenizer.size(); id++) {
            String t = text(tokenizer, id);
            if (!t.isEmpty() && remaining.startsWith(t) && (best < 0 || logits[id] > logits[best])) best = id;
        }
        return best;
    }

    private static int argmax(float[] logits, int excluded) {
        int best = excluded == 0 ? 1 : 0;
        for (int i = 0; i < logits.length; i++) if (i != excluded && logits[i] > logits[best]) best = i;
        return best;
    }
}
