package org.tokenheatmap.engine.model;

/**
 * Shape of a Llama-family decoder (Llama 2/3, Mistral, TinyStories, SmolLM): GQA attention with RoPE on interleaved
 * pairs, RMSNorm, SwiGLU MLP.
 *
 * @param ropeDim leading dimensions of each head that are rotated (the rest pass through), usually {@code headDim}
 * @param slidingWindow keys a query sees, counting itself (Mistral: position {@code p} attends {@code j > p - W}), or
 *                      {@link #NO_SLIDING_WINDOW} for full causal attention
 */
public record LlamaConfig(String architecture, int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads,
                          int vocabSize, int contextLength, int ropeDim, float ropeTheta, RopeScaling ropeScaling,
                          float rmsEps, int slidingWindow) {

    /** {@link #slidingWindow} value meaning every earlier position is attended. */
    public static final int NO_SLIDING_WINDOW = 0;

    public LlamaConfig {
        requirePositive("dim", dim);
        requirePositive("hiddenDim", hiddenDim);
        requirePositive("nLayers", nLayers);
        requirePositive("nHeads", nHeads);
        requirePositive("nKvHeads", nKvHeads);
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        if (dim % nHeads != 0) throw new IllegalArgumentException("dim " + dim + " not divisible by heads " + nHeads);
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("heads " + nHeads + " not divisible by kv heads " + nKvHeads);
        }
        if (ropeDim <= 0 || ropeDim > dim / nHeads || ropeDim % 2 != 0) {
            throw new IllegalArgumentException("rope dimension " + ropeDim + " must be even and at most the head size " + dim / nHeads);
        }
        if (!(ropeTheta > 0) || !(rmsEps > 0)) throw new IllegalArgumentException("rope theta and rms eps must be positive");
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("sliding window must not be negative, was " + slidingWindow);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, was " + value);
    }

    public int headDim() {
        return dim / nHeads;
    }

    public int kvDim() {
        return nKvHeads * headDim();
    }

    public boolean hasSlidingWindow() {
        return slidingWindow != NO_SLIDING_WINDOW;
    }

    /** The earliest key position that a query at {@code position} attends. */
    public int firstAttendedKey(int position) {
        return hasSlidingWindow() ? Math.max(0, position - slidingWindow + 1) : 0;
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return nHeads / nKvHeads;
    }
}
