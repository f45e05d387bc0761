package org.tokenheatmap.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.tensor.GgmlType;

/** Files beyond 2 GiB map and read correctly (the tensor data is a sparse hole, so this costs no disk). */
class GgufLargeFileTest {
    @TempDir Path dir;

    @Test
    void tensorBeyondTwoGiB() throws Exception {
        long rows = 3L << 25; // 32 x 96 Mi floats = 12 GiB of F32, a 3 GiB tensor after the first
        Path file = dir.resolve("big.gguf");
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString("test"));
        w.addTensor("small", GgmlType.F32, new long[] {32}, sparse(32 * 4L, 1.5f));
        w.addTensor("big", GgmlType.F32, new long[] {32, rows}, sparse(32 * rows * 4, -2.25f));
        w.write(file);
        try (GgufFile f = GgufFile.open(file)) {
            var big = f.tensor("big");
            assertEquals(32 * rows, big.size());
            assertEquals(-2.25f, big.getFloat(big.size() - 1));
            assertEquals(0f, big.getFloat(big.size() / 2));
            assertEquals(1.5f, f.tensor("small").getFloat(31));
            float[] x = new float[32];
            x[31] = 2f;
            assertEquals(-4.5f, big.dot(big.size() - 32, x, 0, 32));
        }
    }

    /** Skips {@code bytes - 4} bytes (a hole) and writes {@code last} as the final float. */
    static GgufWriter.TensorBytes sparse(long bytes, float last) {
        return out -> {
            FileChannel ch = (FileChannel) out;
            ch.position(ch.position() + bytes - 4);
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, last));
        };
    }
}
