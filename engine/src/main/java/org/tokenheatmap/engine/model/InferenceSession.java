package org.tokenheatmap.engine.model;

/**
 * A conversation with a model: its KV cache and scratch buffers. Not thread-safe; one per generation. Logit arrays
 * returned are owned by the session and overwritten by the next call.
 */
public interface InferenceSession {

    /** Number of tokens already in the cache (= position of the next token). */
    int position();

    /** Maximum number of positions this session can hold. */
    int capacity();

    int vocabSize();

    /** Feeds {@code tokens} as a batch and returns the logits after the last one. */
    float[] prefill(int[] tokens);

    /** Feeds {@code tokens} as a batch and reports the logits of every one of their positions, in order. */
    void prefill(int[] tokens, LogitsSink sink);

    /** Feeds one token and returns the logits for the next. */
    float[] decode(int token);

    /** Forgets everything from {@code position} on (positions before it stay cached). */
    void rewind(int position);
}
