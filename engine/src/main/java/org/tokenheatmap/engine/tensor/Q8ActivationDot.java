package org.tokenheatmap.engine.tensor;

/**
 * Weights whose dot product llama.cpp computes against Q8_0-quantised activations with integer block sums:
 * {@code sum over blocks of d_w * d_x * sum(q_w * q_x)}. Offered for llama.cpp parity; the plain
 * {@link FloatTensor#dot} is the exact float product.
 */
public sealed interface Q8ActivationDot permits Q8_0Tensor, Q4_0Tensor {
    /** {@code thisOffset}, {@code xOffset} and {@code n} are multiples of 32. */
    float dotQ8(long thisOffset, Q8Activations x, int xOffset, int n);
}
