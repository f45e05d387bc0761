package org.tokenheatmap.formats.trace;

/** A neuron with a large activation change and its signed delta (a - b). */
public record TopChangedNeuron(int index, double delta) {}
