package org.tokenheatmap.engine.model;

/** Gated feed-forward block: {@code down(silu(gate x) * up x)}. */
public record SwiGluMlp(Linear gate, Linear up, Linear down) {

    /** {@code in} and {@code out} hold {@code batch} rows of dim; {@code gated}/{@code upOut} are hidden-size scratch. */
    public void apply(float[] in, float[] gated, float[] upOut, float[] out, int batch) {
        apply(in, gated, upOut, out, batch, MatmulInputs.EXACT);
    }

    void apply(float[] in, float[] gated, float[] upOut, float[] out, int batch, MatmulInputs inputs) {
        Linear.applyBoth(in, inputs.quantized(in, batch, gate), batch, gate, gated, up, upOut);
        int n = batch * gate.rows();
        for (int i = 0; i < n; i++) {
            float g = gated[i];
            gated[i] = g / (1f + (float) Math.exp(-g)) * upOut[i];
        }
        down.apply(gated, inputs.quantized(gated, batch, down), out, batch);
    }
}
