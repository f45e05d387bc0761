package org.tokenheatmap.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufTensorInfo;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.gguf.NumpyReference;

/**
 * Every supported type is filled with random bytes (valid fp16 scales in the d/dmin fields), written to a GGUF,
 * dequantised by the independent numpy script and compared element by element with getFloat, copyRow, the vector
 * dot and the scalar dot.
 */
class DequantizeAgainstNumpyTest {
    static final int ROWS = 3, COLS = 512;
    static final List<GgmlType> TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);
    @TempDir static Path dir;
    static Path gguf;
    static Path numpyOut;

    @BeforeAll
    static void writeRandomBlocks() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        GgufWriter w = new GgufWriter();
        for (GgmlType type : TYPES) {
            byte[] bytes = new byte[(int) type.byteSize((long) ROWS * COLS)];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) random.nextInt(256);
            fixHalfFields(type, bytes, random);
            w.addTensor(type.name(), type, new long[] {COLS, ROWS}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(bytes)));
        }
        gguf = dir.resolve("blocks.gguf");
        w.write(gguf);
        numpyOut = NumpyReference.dequantizeAll(gguf, dir.resolve("numpy"));
    }

    /** Random bytes in float fields could be NaN/Inf; put small finite values there instead. */
    static void fixHalfFields(GgmlType type, byte[] b, SplittableRandom random) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int blocks = b.length / type.blockBytes();
        for (int k = 0; k < blocks; k++) {
            int at = k * type.blockBytes();
            switch (type) {
                case F32 -> buf.putFloat(at, (float) random.nextGaussian());
                case F16 -> buf.putShort(at, finiteHalf(random));
                case BF16 -> buf.putShort(at, (short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
                case Q8_0, Q4_0 -> buf.putShort(at, half(random));
                case Q4_K, Q5_K -> { buf.putShort(at, half(random)); buf.putShort(at + 2, half(random)); }
                case Q6_K -> buf.putShort(at + 208, half(random));
                default -> throw new AssertionError(type);
            }
        }
    }

    /** A finite F16 weight: mostly Gaussian, one in four a subnormal or ±0 (exponent field 0), random sign. */
    static short finiteHalf(SplittableRandom random) {
        if (random.nextInt(4) > 0) return Float.floatToFloat16((float) random.nextGaussian());
        int mantissa = random.nextInt(8) == 0 ? 0 : random.nextInt(0x400);
        return (short) (random.nextInt(2) << 15 | mantissa);
    }

    static short half(SplittableRandom random) {
        return Float.floatToFloat16((float) (random.nextDouble(-1, 1) * 1e-2));
    }

    @Test
    void elementsAndDotsMatchNumpy() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[COLS];
        for (int i = 0; i < COLS; i++) x[i] = (float) random.nextGaussian();
        try (GgufFile f = GgufFile.open(gguf)) {
            for (GgufTensorInfo info : f.tensors()) {
                float[] expected = NumpyReference.readF32(numpyOut.resolve(info.name() + ".f32"));
                FloatTensor t = f.tensor(info.name());
                assertEquals(expected.length, t.size(), info.name());
                float[] row = new float[COLS];
                for (int r = 0; r < ROWS; r++) {
                    t.copyRow(r, COLS, row);
                    double exactDot = 0, magnitude = 0;
                    for (int c = 0; c < COLS; c++) {
                        float e = expected[r * COLS + c];
                        assertEquals(e, t.getFloat((long) r * COLS + c), Math.ulp(e), info.name() + " getFloat " + (r * COLS + c));
                        assertEquals(e, row[c], Math.ulp(e), info.name() + " copyRow " + (r * COLS + c));
                        exactDot += (double) e * x[c];
                        magnitude += Math.abs((double) e * x[c]);
                    }
                    // Float accumulation in any order is within n * eps * sum|terms| of the exact sum.
                    double tolerance = 1e-5 * magnitude + 1e-30;
                    assertEquals(exactDot, t.dot((long) r * COLS, x, 0, COLS), tolerance, info.name() + " dot row " + r);
                    if (t instanceof BlockTensor b) {
                        assertEquals(exactDot, b.dotScalar((long) r * COLS, x, 0, COLS), tolerance, info.name() + " scalar dot");
                    }
                }
            }
        }
    }

    /** dot with a non-zero offset into the vector and a partial length (a few blocks of a row). */
    @Test
    void dotWithOffsets() {
        try (GgufFile f = GgufFile.open(gguf)) {
            float[] x = new float[COLS + 64];
            for (int i = 0; i < x.length; i++) x[i] = (i % 7) - 3;
            for (GgufTensorInfo info : f.tensors()) {
                FloatTensor t = f.tensor(info.name());
                int n = info.type().blockSize() == 256 ? 256 : 64;
                long from = info.type().blockSize() == 256 ? COLS : COLS + 32;
                double expected = 0, magnitude = 0;
                for (int i = 0; i < n; i++) {
                    expected += (double) t.getFloat(from + i) * x[5 + i];
                    magnitude += Math.abs((double) t.getFloat(from + i) * x[5 + i]);
                }
                assertEquals(expected, t.dot(from, x, 5, n), 1e-5 * magnitude + 1e-30, info.name());
            }
        }
    }
}
