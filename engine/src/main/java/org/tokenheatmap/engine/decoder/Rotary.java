package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;

/**
 * Rotary position embedding of the first {@code rotaryDim} dimensions of each head: pair {@code i} turns by
 * {@code position * theta^(-2i/rotaryDim)} (divided by the scaling factors). {@link RotaryStyle#NORM} pairs adjacent
 * dimensions {@code (2i, 2i+1)} (llama2.c, llama.cpp's llama); {@link RotaryStyle#NEOX} pairs halves
 * {@code (i, i + rotaryDim/2)} (Hugging Face's {@code rotate_half}). Dimensions past {@code rotaryDim} pass through.
 */
final class Rotary {

    private final RotaryStyle style;
    private final int headDim;
    private final int rotaryDim;
    private final double[] inverseFrequencies;

    Rotary(RotaryStyle style, int headDim, int rotaryDim, RopeFrequencies frequencies) {
        this.style = style;
        this.headDim = headDim;
        this.rotaryDim = rotaryDim;
        this.inverseFrequencies = new double[rotaryDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double freq = Math.pow(frequencies.theta(), -(2.0 * i) / rotaryDim);
            inverseFrequencies[i] = switch (frequencies.scaling()) {
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

    /** Fills {@code cos}/{@code sin} (length rotaryDim/2) for one position. */
    void angles(int position, float[] cos, float[] sin) {
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double angle = position * inverseFrequencies[i];
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
    }

    /** Rotates every head of the vector {@code x[offset, offset + heads*headDim)} in place. */
    void rotate(float[] x, int offset, int heads, float[] cos, float[] sin) {
        int pairs = rotaryDim / 2;
        // NORM pairs (2i, 2i+1); NEOX pairs (i, i + pairs).
        int stride = style == RotaryStyle.NORM ? 2 : 1, partner = style == RotaryStyle.NORM ? 1 : pairs;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < pairs; i++) {
                int a = base + stride * i, b = a + partner;
                float x0 = x[a], x1 = x[b];
                x[a] = x0 * cos[i] - x1 * sin[i];
                x[b] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }

    int pairs() {
        return rotaryDim / 2;
    }
}
