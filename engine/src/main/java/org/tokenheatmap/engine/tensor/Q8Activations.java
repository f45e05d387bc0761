package org.tokenheatmap.engine.tensor;

/**
 * A float vector quantised to Q8_0 blocks the way llama.cpp's CPU backend does before multiplying it with Q8_0 or
 * Q4_0 weights (their ggml "vec_dot_type" is Q8_0): per 32 values, d = max|x| / 127 stored as fp16, and
 * q = round-half-even(x * 127 / max|x|), as in ggml's x86 quantize_row_q8_0. Using it makes our products follow
 * llama.cpp's numerics instead of the exact float product (see {@link Q8ActivationDot}).
 *
 * @param quants one int8 per value
 * @param scales one scale per 32 values, already rounded through fp16
 */
public record Q8Activations(byte[] quants, float[] scales) {
    public static final int BLOCK = 32;

    public static Q8Activations quantize(float[] x, int offset, int n) {
        if (n % BLOCK != 0) throw new IllegalArgumentException("length " + n + " is not a multiple of " + BLOCK);
        byte[] q = new byte[n];
        float[] d = new float[n / BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            float amax = 0;
            for (int j = 0; j < BLOCK; j++) amax = Math.max(amax, Math.abs(x[offset + b * BLOCK + j]));
            d[b] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
            float id = amax != 0 ? 127f / amax : 0f;
            for (int j = 0; j < BLOCK; j++) q[b * BLOCK + j] = (byte) Math.rint(x[offset + b * BLOCK + j] * id);
        }
        return new Q8Activations(q, d);
    }

    public int length() { return quants.length; }
}
