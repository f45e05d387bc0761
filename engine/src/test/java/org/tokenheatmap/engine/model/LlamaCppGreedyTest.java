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
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.engine.generate.GenerationOptions;
import org.tokenheatmap.engine.generate.Generator;
import org.tokenheatmap.engine.generate.TokenListener;
import org.tokenheatmap.engine.quant.GgufQuantizer;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/**
 * Greedy continuations must equal llama.cpp's (de.kherud:llama, build b4916) on the same GGUF: stories260K in F32 and
 * Q8_0 / Q4_0 copies made by the project's quantiser. llama.cpp is made greedy with temperature 0 and top-k 1.
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

    private static final List<String> PROMPTS = List.of("Once upon a time", "Lily and Tom", "The cat");

    @ParameterizedTest
    @ValueSource(strings = {"F32", "Q8_0", "Q4_0"})
    void sameGreedyTextAsLlamaCpp(String type) throws Exception {
        Path model = modelFile(type);
        List<String> expected = new ArrayList<>();
        try (de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters()
                .setModel(model.toString()).setThreads(2).setCtxSize(256).setGpuLayers(0).skipWarmup())) {
            for (String prompt : PROMPTS) {
                expected.add(llama.complete(new InferenceParameters(prompt).setTemperature(0f).setTopK(1)
                        .setNPredict(STEPS).setSeed(1).setCachePrompt(false)));
            }
        }
        // The model's own vocabulary in llama2.c form (same pieces and scores as the GGUF's).
        Tokenizer tokenizer = Tokenizer.of(Llama2cTokenizerLoader.load(TestModels.stories("tok512.bin")));
        try (LoadedModel loaded = LoadedModel.open(model)) {
            for (int i = 0; i < PROMPTS.size(); i++) {
                int[] promptTokens = tokenizer.encode(PROMPTS.get(i));
                String actual = new Generator(loaded.model().newSession(256), tokenizer)
                        .generate(promptTokens, GenerationOptions.greedy(STEPS, EOS), TokenListener.NONE).text();
                assertEquals(expected.get(i), actual, type + " '" + PROMPTS.get(i) + "'");
            }
        }
    }

    private static Path modelFile(String type) throws Exception {
        Path f32 = TestModels.stories("stories260K.gguf");
        if (type.equals("F32")) return f32;
        Path out = dir.resolve("stories260K-" + type + ".gguf");
        if (!java.nio.file.Files.exists(out)) GgufQuantizer.quantize(f32, out, GgmlType.valueOf(type), t -> {});
        return out;
    }
}
