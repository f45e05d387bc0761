package org.tokenheatmap.formats.trace;

/** A high-magnitude neuron: its index (< hidden_dim) and signed value. */
public record TopNeuron(int index, double value) {}
