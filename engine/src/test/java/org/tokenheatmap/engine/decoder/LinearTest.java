package org.tokenheatmap.engine.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tokenheatmap.engine.quant.BlockQuantizer;
import org.tokenheatmap.engine.tensor.F32Tensor;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tensor.Q8Activations;

/**
 * {@link Linear#apply} for every batch size 1..11 (fused dot below the tiled threshold; whole 4x4 tiles plus leftover
 * positions above it) and row counts that leave partial tiles, against a float64 sum over {@code getFloat} (whose
 * dequantisation DequantizeAgainstNumpyTest checks against numpy).
 */
class LinearTest {

    @ParameterizedTest
    @CsvSource({"F32, 7, 100", "F32, 37, 64", "Q8_0, 37, 96", "Q4_0, 22, 160", "Q8_0, 301, 256"})
    void batchedProductEqualsFloat64Reference(GgmlType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        FloatTensor w = tensor(type, randomFloats(random, rows * cols), rows, cols);
        Linear linear = new Linear("w", w, rows, cols);
        Linear other = new Linear("v", tensor(type, randomFloats(random, 5 * cols), 5, cols), 5, cols);
        for (int batch = 1; batch <= 11; batch++) {
            float[] in = randomFloats(random, batch * cols);
            float[] out = new float[batch * rows];
            linear.apply(in, out, batch);
            assertProduct(w, rows, cols, in, out, batch, type + " apply");
            float[] both = new float[batch * rows], otherOut = new float[batch * 5];
            Linear.applyBoth(in, batch, linear, both, other, otherOut);
            assertProduct(w, rows, cols, in, both, batch, type + " applyBoth");
            assertProduct(other.weight(), 5, cols, in, otherOut, batch, type + " applyBoth second");
        }
    }

    /**
     * With Q8_0 activations (ggml CPU numerics) a quantised weight multiplies the dequantised int8 activations
     * {@code d_x * q_x}; F32 weights ignore them and keep the float input.
     */
    @ParameterizedTest
    @CsvSource({"F32, 7, 96", "Q8_0, 37, 96", "Q4_0, 22, 160", "Q8_0, 301, 256"})
    void q8ActivationProductEqualsFloat64Reference(GgmlType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 17L + cols);
        FloatTensor w = tensor(type, randomFloats(random, rows * cols), rows, cols);
        Linear linear = new Linear("w", w, rows, cols);
        Linear other = new Linear("v", tensor(type, randomFloats(random, 5 * cols), 5, cols), 5, cols);
        assertEquals(type != GgmlType.F32, linear.takesQ8Activations());
        Q8Activations quantized = Q8Activations.allocate(11 * cols);
        for (int batch = 1; batch <= 11; batch++) {
            float[] in = randomFloats(random, batch * cols);
            for (int t = 0; t < batch; t++) quantized.quantizeFrom(in, t * cols, cols, t * cols);
            float[] seen = linear.takesQ8Activations() ? dequantize(quantized, batch * cols) : in;
            float[] out = new float[batch * rows];
            linear.apply(in, quantized, out, batch);
            assertProduct(w, rows, cols, seen, out, batch, type + " apply Q8");
            float[] both = new float[batch * rows], otherOut = new float[batch * 5];
            Linear.applyBoth(in, quantized, batch, linear, both, other, otherOut);
            assertProduct(w, rows, cols, seen, both, batch, type + " applyBoth Q8");
            assertProduct(other.weight(), 5, cols, seen, otherOut, batch, type + " applyBoth Q8 second");
        }
    }

    private static float[] dequantize(Q8Activations x, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = x.scales()[i / Q8Activations.BLOCK] * x.quants()[i];
        return values;
    }

    private static void assertProduct(FloatTensor w, int rows, int cols, float[] in, float[] out, int batch, String what) {
        for (int t = 0; t < batch; t++) {
            for (int r = 0; r < rows; r++) {
                double expected = 0, magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    double p = (double) w.getFloat((long) r * cols + c) * in[t * cols + c];
                    expected += p;
                    magnitude += Math.abs(p);
                }
                assertEquals(expected, out[t * rows + r], 1e-5 * magnitude + 1e-6,
                        what + " batch " + batch + " position " + t + " row " + r);
            }
        }
    }

    private static float[] randomFloats(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextDouble(-1, 1);
        return x;
    }

    private static FloatTensor tensor(GgmlType type, float[] values, int rows, int cols) {
        if (type == GgmlType.F32) return new F32Tensor(values);
        ByteBuffer bytes = ByteBuffer.allocate((int) type.byteSize((long) rows * cols)).order(ByteOrder.LITTLE_ENDIAN);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * cols, row, 0, cols);
            BlockQuantizer.encodeRow(type, row, bytes);
        }
        return FloatTensors.of(type, MemorySegment.ofArray(bytes.array()), (long) rows * cols);
    }
}
