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
        Q8Activations out = allocate(n);
        out.quantizeFrom(x, offset, n, 0);
        return out;
    }

    /** Room for {@code n} values (a multiple of {@link #BLOCK}), to be filled by {@link #quantizeFrom}. */
    public static Q8Activations allocate(int n) {
        if (n % BLOCK != 0) throw new IllegalArgumentException("length " + n + " is not a multiple of " + BLOCK);
        return new Q8Activations(new byte[n], new float[n / BLOCK]);
    }

    /**
     * Quantises {@code x[offset, offset + n)} into values {@code [at, at + n)} of this buffer without allocating;
     * {@code n} and {@code at} are multiples of {@link #BLOCK}.
     */
    public void quantizeFrom(float[] x, int offset, int n, int at) {
        if (n % BLOCK != 0 || at % BLOCK != 0) {
            throw new IllegalArgumentException("length " + n + " or start " + at + " is not a multiple of " + BLOCK);
        }
        for (int b = 0; b < n / BLOCK; b++) {
            int from = offset + b * BLOCK, to = at + b * BLOCK;
            float amax = 0;
            for (int j = 0; j < BLOCK; j++) amax = Math.max(amax, Math.abs(x[from + j]));
            scales[to / BLOCK] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
            float id = amax != 0 ? 127f / amax : 0f;
            for (int j = 0; j < BLOCK; j++) quants[to + j] = (byte) Math.rint(x[from + j] * id);
        }
    }

    public int length() { return quants.length; }
}
