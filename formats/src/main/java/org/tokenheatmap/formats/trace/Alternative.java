package org.tokenheatmap.formats.trace;

/** One of the most likely next tokens at a position. */
public record Alternative(int tokenId, String text, double logprob) {}
