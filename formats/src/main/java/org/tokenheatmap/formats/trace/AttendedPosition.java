package org.tokenheatmap.formats.trace;

/** A key position (index into prompt + generated tokens) and the weight a head gave it. */
public record AttendedPosition(int position, double weight) {}
