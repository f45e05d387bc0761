package org.tokenheatmap.engine.decoder;

/** Root-mean-square normalisation with a learned per-channel gain: {@code y = g * x / sqrt(mean(x^2) + eps)}. */
public record RmsNorm(float[] gain, float eps) implements Norm {

    @Override
    public void apply(float[] in, float[] out, int rows) {
        for (int t = 0; t < rows; t++) normalize(in, out, t * gain.length);
    }

    /** Normalises {@code rows} consecutive rows of {@code x} starting at {@code offset}, in place (per-head QK-norm). */
    public void applyAt(float[] x, int offset, int rows) {
        for (int t = 0; t < rows; t++) normalize(x, x, offset + t * gain.length);
    }

    private void normalize(float[] in, float[] out, int base) {
        float scale = scale(in, base);
        for (int i = 0; i < gain.length; i++) out[base + i] = gain[i] * (scale * in[base + i]);
    }

    /** {@code 1 / sqrt(mean(x^2) + eps)} of the row at {@code offset}: the factor the norm applies before its gain. */
    public float scale(float[] in, int offset) {
        int n = gain.length;
        float ss = VectorMath.dot(in, offset, in, offset, n) / n + eps;
        return (float) (1.0 / Math.sqrt(ss));
    }

    @Override
    public int width() {
        return gain.length;
    }

    @Override
    public int parameterCount() {
        return gain.length;
    }
}
