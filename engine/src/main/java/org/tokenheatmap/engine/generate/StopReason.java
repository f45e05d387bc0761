package org.tokenheatmap.engine.generate;

/** Why generation ended. */
public enum StopReason { EOS, MAX_TOKENS, STOP_STRING, LISTENER }
