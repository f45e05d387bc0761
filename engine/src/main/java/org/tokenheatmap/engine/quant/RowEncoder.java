package org.tokenheatmap.engine.quant;

import java.nio.ByteBuffer;

import org.tokenheatmap.engine.gguf.GgufWriter.TensorBytes;
import org.tokenheatmap.engine.tensor.GgmlType;

/** Streams a [rows, cols] tensor, produced row by row as floats, through {@link BlockQuantizer} into a GGUF writer. */
final class RowEncoder {
    /** Fills {@code out} (length cols) with row {@code row}. */
    @FunctionalInterface
    interface RowSource {
        void fill(long row, float[] out);
    }

    private RowEncoder() {}

    static TensorBytes bytes(GgmlType type, long rows, int cols, RowSource source) {
        return out -> {
            float[] row = new float[cols];
            int rowBytes = (int) type.byteSize(cols);
            ByteBuffer buf = ByteBuffer.allocate(Math.max(rowBytes, 1 << 20));
            for (long r = 0; r < rows; r++) {
                if (buf.remaining() < rowBytes) drain(buf, out);
                source.fill(r, row);
                BlockQuantizer.encodeRow(type, row, buf);
            }
            drain(buf, out);
        };
    }

    private static void drain(ByteBuffer buf, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
    }
}
