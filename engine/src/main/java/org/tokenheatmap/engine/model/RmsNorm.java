package org.tokenheatmap.engine.model;

/** Root-mean-square normalisation with a learned per-channel gain: {@code y = g * x / sqrt(mean(x^2) + eps)}. */
public record RmsNorm(float[] gain, float eps) {

    /** Normalises {@code batch} consecutive rows of {@code in} into {@code out}. */
    public void apply(float[] in, float[] out, int batch) {
        int n = gain.length;
        for (int t = 0; t < batch; t++) {
            int base = t * n;
            float ss = VectorMath.dot(in, base, in, base, n) / n + eps;
            float scale = (float) (1.0 / Math.sqrt(ss));
            for (int i = 0; i < n; i++) out[base + i] = gain[i] * (scale * in[base + i]);
        }
    }
}
