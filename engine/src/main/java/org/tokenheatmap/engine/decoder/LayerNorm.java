package org.tokenheatmap.engine.decoder;

/** Layer normalisation with gain and bias: {@code y = g * (x - mean) / sqrt(var + eps) + b} (GPT-2). */
public record LayerNorm(float[] gain, float[] bias, float eps) implements Norm {

    public LayerNorm {
        if (gain.length != bias.length) throw new IllegalArgumentException("gain and bias differ in length");
    }

    @Override
    public void apply(float[] in, float[] out, int rows) {
        int n = gain.length;
        for (int t = 0; t < rows; t++) {
            int base = t * n;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += in[base + i];
            float mean = (float) (sum / n);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                float d = in[base + i] - mean;
                squares += d * d;
            }
            float scale = (float) (1.0 / Math.sqrt(squares / n + eps));
            for (int i = 0; i < n; i++) out[base + i] = gain[i] * ((in[base + i] - mean) * scale) + bias[i];
        }
    }

    @Override
    public int width() {
        return gain.length;
    }

    @Override
    public int parameterCount() {
        return 2 * gain.length;
    }
}
