package org.tokenheatmap.formats.trace;

import java.util.List;

/** Attention summary of one head: entropy (nats), max weight, weight on position 0 and the most attended positions. */
public record HeadAttention(int head, double entropy, double maxWeight, double sinkWeight, List<AttendedPosition> top) {}
