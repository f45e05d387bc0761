package org.tokenheatmap.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.gguf.NumpyReference;
import org.tokenheatmap.engine.tensor.BlockTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.engine.tensor.GgmlType;

class BlockQuantizerTest {
    @TempDir Path dir;

    /** Normal values with outliers, exact zeros, an all-zero block and a block of equal magnitudes. */
    static float[] sample(int n) {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextGaussian() * (i % 97 == 0 ? 10 : 1));
        for (int i = 64; i < 96; i++) x[i] = 0;
        for (int i = 96; i < 128; i++) x[i] = (i % 2 == 0 ? 0.5f : -0.5f);
        x[200] = 0;
        return x;
    }

    /** Bytes equal those of the numpy transcription of ggml's reference quantiser. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void bytesMatchNumpy(GgmlType type) throws Exception {
        float[] x = sample(32 * 256);
        Path in = dir.resolve("x.f32"), out = dir.resolve("q.bin");
        NumpyReference.writeF32(in, x);
        NumpyReference.run("quantize", type.name(), in.toString(), out.toString());
        assertArrayEquals(Files.readAllBytes(out), encode(type, x));
    }

    /** Dequantised error is at most half a step (Q8_0) or one step at the clamped top nibble (Q4_0), plus fp16 rounding of d. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void roundTripErrorIsBounded(GgmlType type) {
        float[] x = sample(32 * 256);
        BlockTensor t = (BlockTensor) FloatTensors.of(type, MemorySegment.ofArray(encode(type, x)), x.length);
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
            float step = type == GgmlType.Q8_0 ? amax / 127 : amax / 8;
            float bound = (type == GgmlType.Q8_0 ? 0.5f : 1f) * step + amax * 2e-3f + 1e-7f;
            for (int j = 0; j < 32; j++) {
                float err = Math.abs(t.getFloat(b + j) - x[b + j]);
                int at = b + j;
                assertTrue(err <= bound, () -> type + " element " + at + " error " + err + " > " + bound);
            }
        }
    }

    static byte[] encode(GgmlType type, float[] x) {
        ByteBuffer buf = ByteBuffer.allocate((int) type.byteSize(x.length));
        BlockQuantizer.encodeRow(type, x, buf);
        return buf.array();
    }
}
