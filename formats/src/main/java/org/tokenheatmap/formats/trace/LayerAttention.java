package org.tokenheatmap.formats.trace;

import java.util.List;

/** Inline attention summary of one captured layer at one step, one entry per query head. */
public record LayerAttention(int layer, List<HeadAttention> heads) {}
