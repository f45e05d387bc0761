package org.tokenheatmap.engine.model;

/**
 * How rotary frequencies are adjusted for long context. {@code None} is the plain schedule; {@code Linear} divides
 * positions by a factor (GGUF {@code rope.scaling.type = linear}); {@code PerFrequency} divides each pair's frequency
 * by its own factor, which is how GGUF stores Llama 3.1/3.2 scaling (llama.cpp's converter precomputes the llama3
 * factors into the {@code rope_freqs.weight} tensor).
 */
public sealed interface RopeScaling {

    record None() implements RopeScaling {}

    record Linear(float factor) implements RopeScaling {}

    record PerFrequency(float[] factors) implements RopeScaling {}
}
