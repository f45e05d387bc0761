package org.tokenheatmap.formats.trace;

/** A step of trace A or B that could not be aligned. */
public record AlignmentMismatch(Integer stepA, Integer stepB, String reason) {}
