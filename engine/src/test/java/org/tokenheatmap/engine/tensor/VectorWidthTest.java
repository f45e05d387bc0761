package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.testkit.ChildJvm;

/**
 * The kernels have two lane layouts (8 floats on AVX2, 16 on AVX-512) plus the scalar fallback. Surefire's JVM
 * only exercises the machine's preferred width, so each width runs in a forked JVM (main below), comparing every
 * type's dot against a double-precision sum of dequantised values.
 */
class VectorWidthTest {
    @ParameterizedTest
    @ValueSource(strings = {"-XX:MaxVectorSize=32", "-XX:MaxVectorSize=64", "-Dheatmap.vector=false"})
    void everyWidthAgrees(String flag) {
        // main prints what disagrees and exits 1; the failure shows its output.
        ChildJvm.main(VectorWidthTest.class, List.of(flag)).withTimeout(Duration.ofSeconds(300)).run();
    }

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(1);
        int cols = 1024, rows = 4;
        for (GgmlType type : GgmlType.values()) {
            if (!type.isSupported()) continue;
            byte[] bytes = new byte[(int) type.byteSize((long) cols * rows)];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) random.nextInt(256);
            saneFloatFields(type, bytes, random);
            FloatTensor t = FloatTensors.of(type, MemorySegment.ofArray(bytes), (long) cols * rows);
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) x[i] = (float) random.nextGaussian();
            for (int r = 0; r < rows; r++) {
                double exact = 0, magnitude = 0;
                for (int i = 0; i < cols; i++) {
                    double term = (double) t.getFloat((long) r * cols + i) * x[i];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                check(type + " dot", t.dot((long) r * cols, x, 0, cols), exact, magnitude);
                if (t instanceof Q8ActivationDot q) {
                    Q8Activations act = Q8Activations.quantize(x, 0, cols);
                    double exactQ8 = 0, magnitudeQ8 = 0;
                    for (int i = 0; i < cols; i++) {
                        double term = (double) t.getFloat((long) r * cols + i) * act.quants()[i] * act.scales()[i / 32];
                        exactQ8 += term;
                        magnitudeQ8 += Math.abs(term);
                    }
                    check(type + " dotQ8", q.dotQ8((long) r * cols, act, 0, cols), exactQ8, magnitudeQ8);
                }
            }
        }
        everyHalf();
    }

    /**
     * All 65536 half bit patterns (Inf and NaN included) through copyRow against the JDK's scalar
     * Float.float16ToFloat, also at an odd row width, then dots over the first thousand positive and negative ones.
     */
    private static void everyHalf() {
        int count = 1 << 16;
        byte[] bytes = new byte[count * 2];
        for (int h = 0; h < count; h++) { bytes[2 * h] = (byte) h; bytes[2 * h + 1] = (byte) (h >>> 8); }
        FloatTensor t = FloatTensors.of(GgmlType.F16, MemorySegment.ofArray(bytes), count);
        // One row of all 65536, then rows of an odd width (vector loop tail).
        for (int cols : new int[] {count, 1001}) {
            float[] row = new float[cols];
            for (int r = 0; r < count / cols; r++) {
                t.copyRow(r, cols, row);
                for (int c = 0; c < cols; c++) {
                    int h = r * cols + c;
                    float expected = Float.float16ToFloat((short) h);
                    if (Float.floatToRawIntBits(row[c]) != Float.floatToRawIntBits(expected)
                            && !(Float.isNaN(row[c]) && Float.isNaN(expected))) {
                        fail("F16 copyRow of 0x" + Integer.toHexString(h) + ": " + row[c] + " expected " + expected);
                    }
                }
            }
        }
        // Odd offsets and length (vector loop tail); the ranges hold ±0, every subnormal and small normals.
        int n = 1001;
        float[] x = new float[n + 5];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (int from : new int[] {1, 0x8001}) {
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                double term = (double) Float.float16ToFloat((short) (from + i)) * x[5 + i];
                exact += term;
                magnitude += Math.abs(term);
            }
            check("F16 dot from 0x" + Integer.toHexString(from), t.dot(from, x, 5, n), exact, magnitude);
        }
    }

    private static void fail(String message) {
        System.out.println(message + " (lanes " + VectorSupport.F.length() + ", vector " + VectorSupport.ENABLED + ")");
        System.exit(1);
    }

    private static void check(String what, float actual, double expected, double magnitude) {
        if (!(Math.abs(actual - expected) <= 1e-5 * magnitude)) {
            System.out.println(what + ": " + actual + " expected " + expected + " (lanes " + VectorSupport.F.length()
                    + ", vector " + VectorSupport.ENABLED + ")");
            System.exit(1);
        }
    }

    static void saneFloatFields(GgmlType type, byte[] b, SplittableRandom random) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < b.length / type.blockBytes(); k++) {
            int at = k * type.blockBytes();
            short half = Float.floatToFloat16((float) random.nextDouble(-0.01, 0.01));
            switch (type) {
                case F32 -> buf.putFloat(at, (float) random.nextGaussian());
                case F16 -> buf.putShort(at, DequantizeAgainstNumpyTest.finiteHalf(random));
                case BF16 -> buf.putShort(at, (short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
                case Q6_K -> buf.putShort(at + 208, half);
                default -> { buf.putShort(at, half); buf.putShort(at + 2, half); }
            }
        }
    }
}
