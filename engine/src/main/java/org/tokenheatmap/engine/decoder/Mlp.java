package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.model.DecoderConfig.Activation;
import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.ResolvedHooks;
import org.tokenheatmap.engine.model.Numerics;

/**
 * The feed-forward block: gated {@code down(act(gate x) * up x)} when {@code gate} is present (Llama, Qwen, Gemma,
 * Phi-3), plain {@code down(act(up x))} otherwise (GPT-2). Biases live in the {@link Linear}s.
 */
public record Mlp(Linear gate, Linear up, Linear down, Activation activation) {

    public boolean gated() {
        return gate != null;
    }

    public int width() {
        return up.rows();
    }

    public long parameterCount() {
        return (gate == null ? 0 : gate.parameterCount()) + up.parameterCount() + down.parameterCount();
    }

    /**
     * {@code batch} rows of normalised input {@code s.xb} at positions {@code start..} to {@code s.mlpOut}; the neurons
     * ({@link HookPoint#MLP_POST}) are left in {@code s.neurons}.
     */
    void apply(Scratch s, int layer, int start, int batch, ResolvedHooks hooks) {
        int n = width();
        if (gated()) {
            Linear.applyBoth(s.xb, s.inputs.quantized(s.xb, batch, gate), batch, gate, s.neurons, up, s.up);
        } else {
            up.apply(s.xb, s.inputs.quantized(s.xb, batch, up), s.neurons, batch);
        }
        Decoder.fireRows(hooks, HookPoint.MLP_PRE, layer, start, batch, s.neurons, n);
        if (gated()) Decoder.fireRows(hooks, HookPoint.MLP_PRE_LINEAR, layer, start, batch, s.up, n);
        activate(s.neurons, gated() ? s.up : null, batch * n, s.numerics == Numerics.GGML_CPU);
        Decoder.fireRows(hooks, HookPoint.MLP_POST, layer, start, batch, s.neurons, n);
        down.apply(s.neurons, s.inputs.quantized(s.neurons, batch, down), s.mlpOut, batch);
    }

    /** {@code x[i] = act(x[i]) (* up[i])} in place. */
    private void activate(float[] x, float[] up, int n, boolean ggmlGelu) {
        switch (activation) {
            case SILU -> {
                for (int i = 0; i < n; i++) x[i] = Nonlinearities.silu(x[i]) * (up == null ? 1f : up[i]);
            }
            case GELU_TANH -> {
                for (int i = 0; i < n; i++) {
                    float g = ggmlGelu ? Nonlinearities.ggmlGelu(x[i]) : Nonlinearities.geluTanh(x[i]);
                    x[i] = up == null ? g : g * up[i];
                }
            }
        }
    }
}
