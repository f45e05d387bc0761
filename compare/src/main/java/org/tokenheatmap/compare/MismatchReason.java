package org.tokenheatmap.compare;

import java.util.Locale;

/** Why a step has no partner; {@link #wireName()} is what {@code alignment.mismatches[].reason} holds. */
public enum MismatchReason {
    /** token_id mode: the two steps at this index selected different tokens. */
    TOKEN_ID_DIVERGENCE,
    /** position mode: the sweep passed this step because its span ends before the other side's current span. */
    OFFSET_GAP,
    /** The other trace ran out of steps before this one of A. */
    TRAILING_STEPS_IN_A,
    /** The other trace ran out of steps before this one of B. */
    TRAILING_STEPS_IN_B;

    public String wireName() { return name().toLowerCase(Locale.ROOT); }
}
