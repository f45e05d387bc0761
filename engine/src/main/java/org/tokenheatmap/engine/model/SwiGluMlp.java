package org.tokenheatmap.engine.model;

/** Gated feed-forward block: {@code down(silu(gate x) * up x)}. */
public record SwiGluMlp(Linear gate, Linear up, Linear down) {

    /** {@code in} and {@code out} hold {@code batch} rows of dim; {@code gated}/{@code upOut} are hidden-size scratch. */
    public void apply(float[] in, float[] gated, float[] upOut, float[] out, int batch) {
        Linear.applyBoth(in, batch, gate, gated, up, upOut);
        int n = batch * gate.rows();
        for (int i = 0; i < n; i++) {
            float g = gated[i];
            gated[i] = g / (1f + (float) Math.exp(-g)) * upOut[i];
        }
        down.apply(gated, out, batch);
    }
}
