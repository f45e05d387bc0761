package org.tokenheatmap.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufTensorInfo;
import org.tokenheatmap.engine.gguf.NumpyReference;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.testkit.TestFiles;

/** Quantises the real stories260K model and checks the plan, the metadata and the values (Java and numpy). */
class GgufQuantizerTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void quantizesStories(GgmlType target) throws Exception {
        Path out = dir.resolve("q.gguf");
        List<String> reported = new ArrayList<>();
        GgufQuantizer.quantize(TestFiles.stories260kGguf(), out, target, t -> reported.add(t.name()));
        try (GgufFile src = GgufFile.open(TestFiles.stories260kGguf()); GgufFile q = GgufFile.open(out)) {
            assertEquals(src.tensors().size(), reported.size());
            assertEquals(target == GgmlType.Q8_0 ? 7 : 2, q.metadata().getInt("general.file_type"));
            assertEquals(src.metadata().getStringArray("tokenizer.ggml.tokens").length, q.metadata().getStringArray("tokenizer.ggml.tokens").length);
            Path numpy = NumpyReference.dequantizeAll(out, dir.resolve("numpy"));
            for (GgufTensorInfo t : q.tensors()) {
                assertEquals(expectedType(t.name(), target), t.type(), t.name());
                FloatTensor original = src.tensor(t.name()), quantized = q.tensor(t.name());
                float[] reference = NumpyReference.readF32(numpy.resolve(t.name() + ".f32"));
                double err = 0, norm = 0;
                for (int i = 0; i < reference.length; i++) {
                    float v = quantized.getFloat(i);
                    assertEquals(reference[i], v, Math.ulp(reference[i]), t.name() + "[" + i + "] vs numpy");
                    err += Math.pow(v - original.getFloat(i), 2);
                    norm += Math.pow(original.getFloat(i), 2);
                }
                double relative = Math.sqrt(err / norm);
                double limit = t.type() == GgmlType.F32 ? 0 : t.type() == GgmlType.Q8_0 ? 0.01 : 0.15;
                assertTrue(relative <= limit, t.name() + " relative RMS error " + relative);
            }
        }
    }

    /** llama.cpp: 1-D stays float; ffn_down rows (172) are not a multiple of 32; output (64 % 256 != 0) is Q8_0. */
    static GgmlType expectedType(String name, GgmlType target) {
        if (name.endsWith("norm.weight") || name.endsWith("ffn_down.weight")) return GgmlType.F32;
        if (name.equals("output.weight")) return GgmlType.Q8_0;
        return target;
    }
}
