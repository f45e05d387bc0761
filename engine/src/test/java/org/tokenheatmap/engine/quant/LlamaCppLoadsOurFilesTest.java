package org.tokenheatmap.engine.quant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.testkit.TestFiles;

/** llama.cpp (b4916, via de.kherud:llama) must load and run files our writer produced. */
class LlamaCppLoadsOurFilesTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void quantizedStoriesGenerates(GgmlType type) throws Exception {
        Path out = dir.resolve("stories-" + type + ".gguf");
        GgufQuantizer.quantize(TestFiles.stories260kGguf(), out, type, t -> {});
        String text = greedy(out, "Once upon a time", 24);
        assertFalse(text.isBlank(), "llama.cpp produced no text");
        // The float model continues with "there was a little girl named Lily"; Q8_0 is precise enough to keep that.
        if (type == GgmlType.Q8_0) assertTrue(text.contains("there was a little"), text);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q4_0"})
    void randomModelGenerates(GgmlType type) throws Exception {
        Path out = dir.resolve("random-" + type + ".gguf");
        new RandomLlama(64, 128, 2, 4, 2, 256, 9, 0.02f, type)
                .write(out, TokenizerMetadata.fromGguf(TestFiles.stories260kGguf()));
        assertFalse(greedy(out, "Hello", 8).isEmpty());
    }

    static String greedy(Path model, String prompt, int tokens) {
        try (LlamaModel m = new LlamaModel(new ModelParameters().setModel(model.toString()).setCtxSize(256).setThreads(1).setGpuLayers(0))) {
            return m.complete(new InferenceParameters(prompt).setNPredict(tokens).setTemperature(0f).setTopK(1).setSeed(1));
        }
    }
}
