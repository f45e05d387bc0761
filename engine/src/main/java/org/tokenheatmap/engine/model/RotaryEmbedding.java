package org.tokenheatmap.engine.model;

/**
 * Rotary position embedding on interleaved pairs {@code (x[2i], x[2i+1])} of the first {@code ropeDim} dimensions of
 * each head, angle {@code pos * theta^(-2i/ropeDim)}. This is llama2.c's rotation and llama.cpp's {@code NORM} rope type
 * used for the llama architecture (llama.cpp's converter permutes Hugging Face q/k weights into this layout).
 */
public final class RotaryEmbedding {

    private final int headDim;
    private final int ropeDim;
    private final double[] inverseFrequencies;

    public RotaryEmbedding(int headDim, int ropeDim, float theta, RopeScaling scaling) {
        this.headDim = headDim;
        this.ropeDim = ropeDim;
        this.inverseFrequencies = new double[ropeDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double freq = Math.pow(theta, -(2.0 * i) / ropeDim);
            inverseFrequencies[i] = switch (scaling) {
                case RopeScaling.None none -> freq;
                case RopeScaling.Linear linear -> freq / linear.factor();
                case RopeScaling.PerFrequency per -> {
                    if (per.factors().length != inverseFrequencies.length) {
                        throw new IllegalArgumentException("rope frequency factors: expected " + inverseFrequencies.length
                                + ", found " + per.factors().length);
                    }
                    yield freq / per.factors()[i];
                }
            };
        }
    }

    /** Fills {@code cos}/{@code sin} (length ropeDim/2) for one position. */
    public void angles(int position, float[] cos, float[] sin) {
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double angle = position * inverseFrequencies[i];
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
    }

    /** Rotates every head of the vector {@code x[offset, offset + heads*headDim)} in place. */
    public void rotate(float[] x, int offset, int heads, float[] cos, float[] sin) {
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < ropeDim / 2; i++) {
                float x0 = x[base + 2 * i];
                float x1 = x[base + 2 * i + 1];
                x[base + 2 * i] = x0 * cos[i] - x1 * sin[i];
                x[base + 2 * i + 1] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }

    public int pairs() {
        return ropeDim / 2;
    }
}
