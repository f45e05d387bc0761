package org.tokenheatmap.engine.decoder;

/** A per-row normalisation with learned gain: {@link RmsNorm} or {@link LayerNorm}. */
public sealed interface Norm permits RmsNorm, LayerNorm {

    /** Normalises {@code rows} consecutive rows of {@link #width()} values of {@code in} into {@code out} (may be {@code in}). */
    void apply(float[] in, float[] out, int rows);

    int width();

    /** The per-channel gain. */
    float[] gain();

    /** Number of learned values (gain and bias). */
    int parameterCount();
}
