package org.tokenheatmap.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.gguf.NumpyReference;
import org.tokenheatmap.engine.quant.BlockQuantizer;

/** llama.cpp-style dot (Q8_0 activations, integer block sums) against numpy-quantised activations and weights. */
class Q8ActivationDotTest {
    static final int ROWS = 4, COLS = 1024;
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void matchesNumpy(GgmlType type) throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        ByteBuffer weights = ByteBuffer.allocate((int) type.byteSize((long) ROWS * COLS));
        float[] row = new float[COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < COLS; i++) row[i] = (float) (random.nextGaussian() * 0.02);
            BlockQuantizer.encodeRow(type, row, weights);
        }
        Path gguf = dir.resolve("w.gguf");
        new GgufWriter().addTensor("w", type, new long[] {COLS, ROWS}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(weights.array()))).write(gguf);
        float[] w = NumpyReference.readF32(NumpyReference.dequantizeAll(gguf, dir.resolve("np")).resolve("w.f32"));

        float[] x = new float[COLS + 32 * ROWS];
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * (i % 50 == 0 ? 8 : 1));
        Path in = dir.resolve("x.f32"), out = dir.resolve("xq.f32");
        NumpyReference.writeF32(in, x);
        NumpyReference.run("quantize_act", in.toString(), out.toString());
        float[] xq = NumpyReference.readF32(out);

        Q8Activations act = Q8Activations.quantize(x, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(xq[i], act.quants()[i] * act.scales()[i / 32], 0f, "activation " + i);
        }
        try (GgufFile f = GgufFile.open(gguf)) {
            var t = (Q8ActivationDot) f.tensor("w");
            for (int r = 0; r < ROWS; r++) {
                int xOff = 32 * r; // also exercises an activation offset
                double exact = 0, magnitude = 0;
                for (int i = 0; i < COLS; i++) {
                    exact += (double) w[r * COLS + i] * xq[xOff + i];
                    magnitude += Math.abs((double) w[r * COLS + i] * xq[xOff + i]);
                }
                assertEquals(exact, t.dotQ8((long) r * COLS, act, xOff, COLS), 1e-5 * magnitude, type + " row " + r);
                float scalar = t instanceof Q8_0Tensor q8 ? q8.dotQ8Scalar((long) r * COLS, act, xOff, COLS)
                        : ((Q4_0Tensor) t).dotQ8Scalar((long) r * COLS, act, xOff, COLS);
                assertEquals(exact, scalar, 1e-5 * magnitude, type + " scalar row " + r);
            }
        }
    }
}
