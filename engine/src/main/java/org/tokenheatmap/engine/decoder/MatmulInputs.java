package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.model.Numerics;
import org.tokenheatmap.engine.tensor.Q8Activations;

/**
 * The form in which a session's activations enter its matrix products, per {@link Numerics}: nothing extra for
 * {@link Numerics#EXACT}; for {@link Numerics#GGML_CPU} a Q8_0 copy of the input rows, made once per input and shared
 * by the projections that read it, in a buffer sized once so that a pass allocates nothing.
 */
final class MatmulInputs {

    static final MatmulInputs EXACT = new MatmulInputs(null);

    /** Null in {@link Numerics#EXACT} mode. */
    private final Q8Activations buffer;

    private MatmulInputs(Q8Activations buffer) {
        this.buffer = buffer;
    }

    /** Room for {@code maxBatch} rows of up to {@code maxCols} values. */
    static MatmulInputs of(Numerics numerics, int maxBatch, int maxCols) {
        return switch (numerics) {
            case EXACT -> EXACT;
            case GGML_CPU -> {
                int blocks = (maxCols + Q8Activations.BLOCK - 1) / Q8Activations.BLOCK;
                yield new MatmulInputs(Q8Activations.allocate(maxBatch * blocks * Q8Activations.BLOCK));
            }
        };
    }

    /**
     * {@code batch} rows of {@code in} (each {@code reader.cols()} wide) quantised to Q8_0, or null when products with
     * {@code reader} stay float. Valid until the next call.
     */
    Q8Activations quantized(float[] in, int batch, Linear reader) {
        if (buffer == null || !reader.takesQ8Activations()) return null;
        int cols = reader.cols();
        for (int t = 0; t < batch; t++) buffer.quantizeFrom(in, t * cols, cols, t * cols);
        return buffer;
    }
}
