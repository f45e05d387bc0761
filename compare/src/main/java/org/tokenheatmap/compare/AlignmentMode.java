package org.tokenheatmap.compare;

import java.util.Locale;

/** How two traces are matched step to step; {@link #wireName()} is the value of the diff's {@code alignment.mode}. */
public enum AlignmentMode {
    /** Zip on step index; both traces must share a tokenizer. */
    TOKEN_ID,
    /** Pair steps whose decoded-text spans start together or overlap; works across tokenizers. */
    POSITION,
    /** {@link #TOKEN_ID} when the tokenizer fingerprints are equal, else {@link #POSITION}. */
    AUTO;

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    public static AlignmentMode fromWireName(String name) {
        for (AlignmentMode mode : values()) if (mode.wireName().equals(name)) return mode;
        throw new IllegalArgumentException("unknown alignment mode '" + name + "' (expected token_id, position or auto)");
    }

    /** The mode actually applied: {@code AUTO} resolves by comparing fingerprints. */
    public AlignmentMode resolve(String fingerprintA, String fingerprintB) {
        return this == AUTO ? (fingerprintA.equals(fingerprintB) ? TOKEN_ID : POSITION) : this;
    }
}
