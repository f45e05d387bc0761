package org.tokenheatmap.engine.model;

/**
 * How a session rounds.
 *
 * <ul>
 *   <li>{@link #EXACT} (default): float products of the (dequantised) weights with float activations, float KV cache,
 *       GELU in double; the closest our kernels get to the model's real-valued function, and what the golden, numpy
 *       and transformers references check.</li>
 *   <li>{@link #GGML_CPU}: the roundings of llama.cpp's CPU backend (its non-flash-attention path): Q8_0 and Q4_0
 *       weights (whose ggml {@code vec_dot_type} is Q8_0) multiply activations quantised to Q8_0 blocks, each input
 *       row quantised once and shared by the projections that read it (q/k/v, gate/up); keys and values are stored as
 *       F16, queries and attention probabilities rounded to F16 for the products with them; GELU goes through an F16
 *       table (input and output rounded to F16). F32 weights stay float. Not mirrored: flash attention's F16
 *       accumulator, ggml's summation order and its vectorised exp/tanh/SiLU.</li>
 * </ul>
 */
public enum Numerics {
    EXACT,
    GGML_CPU
}
