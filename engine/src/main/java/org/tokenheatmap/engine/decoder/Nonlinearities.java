package org.tokenheatmap.engine.decoder;

/**
 * The element-wise functions of the forward pass, in double precision. GELU's and the soft-caps' tanh go through
 * {@link Math#exp} ({@code tanh(u) = 2 / (1 + e^-2u) - 1}): as exact as {@link Math#tanh}, several times faster, and
 * the same bits whether HotSpot runs the code interpreted or compiled.
 */
final class Nonlinearities {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Nonlinearities() {}

    static float silu(float x) {
        return x / (1f + (float) Math.exp(-x));
    }

    /**
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} = {@code x / (1 + e^-2u)}: GPT-2's {@code gelu_new},
     * Gemma's {@code gelu_pytorch_tanh}.
     */
    static float geluTanh(float x) {
        double v = x;
        double u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
        return (float) (v / (1 + Math.exp(-2 * u)));
    }

    /**
     * llama.cpp's CPU GELU: below -10 zero, above 10 the identity, else a table indexed by the fp16 input whose entries
     * are fp16 ({@code GGML_GELU_FP16}), so input and output are both rounded to half precision.
     */
    static float ggmlGelu(float x) {
        if (x <= -10f) return 0f;
        if (x >= 10f) return x;
        float half = Float.float16ToFloat(Float.floatToFloat16(x));
        return Float.float16ToFloat(Float.floatToFloat16(geluTanh(half)));
    }

    /** {@code cap * tanh(x / cap)}: Gemma's soft-cap of attention and output logits. */
    static float softCap(float x, float cap) {
        return (float) (cap * (2 / (1 + Math.exp(-2.0 * x / cap)) - 1));
    }
}
