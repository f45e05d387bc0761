package org.tokenheatmap.t3;

/**
 * Identifies a frame: the chain forward it belongs to (0-based, = chain_state ordinal), its stage and its ACT
 * call. Frames carry no forward number, so {@link T3Trace} derives it: a forward ends when a (stage, act_call)
 * pair repeats.
 */
public record FrameKey(int chainForward, int stageIdx, int actCall) {}
