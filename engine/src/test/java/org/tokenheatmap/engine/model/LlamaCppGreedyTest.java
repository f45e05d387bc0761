package org.tokenheatmap.engine.model;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.tokenheatmap.engine.generate.GenerationOptions;
import org.tokenheatmap.engine.generate.Generator;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.quant.GgufQuantizer;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tokenizer.GgufTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Tokenizer;
import org.tokenheatmap.testkit.TestFiles;

/**
 * Greedy continuations must equal llama.cpp's (de.kherud:llama, build b4916) on the same GGUF, token for token and with
 * no tolerance: stories260K in F32 with {@link Numerics#EXACT}, and Q8_0 / Q4_0 copies made by the project's quantiser
 * with {@link Numerics#GGML_CPU} (activations rounded to Q8_0 before quantised products, as llama.cpp's CPU backend
 * does). llama.cpp is made greedy with temperature 0 and top-k 1.
 */
class LlamaCppGreedyTest {

    private static final int STEPS = 40;
    /** stories260K's end-of-sequence token (tokenizer.ggml.eos_token_id). */
    private static final int EOS = 2;

    @TempDir
    static Path dir;

    @BeforeAll
    static void quiet() {
        de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {});
    }

    private static final List<String> PROMPTS = List.of("", "The cat", "Once upon a time", "Lily and Tom went to the",
            "Zoo", "Lily and Tom");

    @ParameterizedTest
    @CsvSource({"F32, EXACT", "F32, GGML_CPU", "Q8_0, GGML_CPU", "Q4_0, GGML_CPU"})
    void sameGreedyTextAsLlamaCpp(String type, Numerics numerics) throws Exception {
        Path model = modelFile(type);
        List<String> expected = new ArrayList<>();
        de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters()
                .setModel(model.toString()).setThreads(2).setCtxSize(256).setGpuLayers(0).skipWarmup());
        try {
            for (String prompt : PROMPTS) {
                expected.add(llama.complete(new InferenceParameters(prompt).setTemperature(0f).setTopK(1)
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
            for (int i = 0; i < PROMPTS.size(); i++) {
                String prompt = PROMPTS.get(i);
                String text = divergence(loaded.model(), numerics, tokenizer, prompt, llamaCppText(prompt, expected.get(i)));
                if (!text.isEmpty()) failures.add(type + " '" + prompt + "': " + text);
            }
            assertEquals(List.of(), failures);
        }
    }

    /**
     * llama.cpp's server detokenises a continuation of the bare BOS without SentencePiece's rule that drops the
     * word-start space of the first piece after BOS; our streaming decoder applies it. Only that one space differs.
     */
    private static String llamaCppText(String prompt, String completion) {
        return prompt.isEmpty() && completion.startsWith(" ") ? completion.substring(1) : completion;
    }

    /**
     * Generates greedily and returns "" when our text equals llama.cpp's {@code expected}, else where and how the two
     * part (our choice, its logit gap to the runner-up) so that a failure shows whether it was a near-tie.
     */
    private static String divergence(LlamaModel model, Numerics numerics, Tokenizer tokenizer, String prompt,
                                     String expected) {
        StringBuilder ours = new StringBuilder();
        String[] divergence = {""};
        new Generator(model.newSession(256, Hooks.none(), numerics), tokenizer).generate(tokenizer.encode(prompt),
                GenerationOptions.greedy(STEPS, EOS), step -> {
                    String remaining = expected.substring(Math.min(ours.length(), expected.length()));
                    if (!remaining.startsWith(step.text())) {
                        int runnerUp = runnerUp(step.logits(), step.vocabSize(), step.token());
                        double gap = step.logits()[step.token()] - step.logits()[runnerUp];
                        divergence[0] = "at '" + ours + "' we chose '" + step.text() + "' (logit gap " + gap
                                + " to runner-up id " + runnerUp + "), llama.cpp continued '" + remaining + "'";
                        return false;
                    }
                    ours.append(step.text());
                    return true;
                });
        if (divergence[0].isEmpty() && !ours.toString().equals(expected)) {
            return "we stopped at '" + ours + "', llama.cpp continued '" + expected.substring(ours.length()) + "'";
        }
        return divergence[0];
    }

    private static int runnerUp(float[] logits, int vocab, int best) {
        int second = best == 0 ? 1 : 0;
        for (int i = 0; i < vocab; i++) if (i != best && logits[i] > logits[second]) second = i;
        return second;
    }

    private static Path modelFile(String type) throws Exception {
        Path f32 = TestFiles.stories260kGguf();
        if (type.equals("F32")) return f32;
        Path out = dir.resolve("stories260K-" + type + ".gguf");
        if (!java.nio.file.Files.exists(out)) GgufQuantizer.quantize(f32, out, GgmlType.valueOf(type), t -> {});
        return out;
    }
}
