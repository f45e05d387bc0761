package org.tokenheatmap.engine.model;

/**
 * How a session rounds its matrix products.
 *
 * <ul>
 *   <li>{@link #EXACT} (default): the float product of the (dequantised) weights with the float activations, the
 *       closest our kernels get to the model's real-valued function; what golden and numpy references check.</li>
 *   <li>{@link #GGML_CPU}: llama.cpp's CPU backend numerics, for bit-for-bit-style greedy parity. ggml multiplies a
 *       Q8_0 or Q4_0 weight (whose {@code vec_dot_type} is Q8_0) with the activation vector quantised to Q8_0 blocks,
 *       summing int8 products per block and scaling by both fp16 block scales; F32 weights stay float. Each matmul
 *       input row is quantised once and shared by the projections that read it (q/k/v, gate/up).</li>
 * </ul>
 */
public enum Numerics {
    EXACT,
    GGML_CPU
}
