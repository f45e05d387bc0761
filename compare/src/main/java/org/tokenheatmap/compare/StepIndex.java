package org.tokenheatmap.compare;

import java.util.Arrays;
import org.tokenheatmap.formats.BadInputException;

/**
 * The alignment keys of one trace: per step its token id and {@code decoded_text_offset} (code points), plus where
 * its decoded text ends. 8 bytes per step, so holding it costs little even for very long traces.
 *
 * @param textEnd   code-point offset just past the last step's text ({@code offset + length of its text}), or
 *                  {@link #UNKNOWN_END} when the text is not known (an activation trace alone carries none)
 * @param textStart where the steps' text starts in the text both runs share: 0, except for a score-mode run whose
 *                  first scored token is its prompt (no BOS, or an API's echoed text), where the steps' text starts
 *                  after that token's; spans are compared in these shared coordinates
 */
public record StepIndex(int[] tokenIds, int[] offsets, long textEnd, int textStart) {

    public static final long UNKNOWN_END = Long.MAX_VALUE;

    public StepIndex {
        if (tokenIds.length != offsets.length)
            throw new IllegalArgumentException(tokenIds.length + " token ids but " + offsets.length + " offsets");
        if (textStart < 0) throw new IllegalArgumentException("negative text start " + textStart);
        tokenIds = tokenIds.clone();
        offsets = offsets.clone();
    }

    public StepIndex(int[] tokenIds, int[] offsets, long textEnd) {
        this(tokenIds, offsets, textEnd, 0);
    }

    /** The same steps with their text starting at {@code start} of the shared text. */
    public StepIndex startingAt(int start) {
        return new StepIndex(tokenIds, offsets, textEnd, start);
    }

    /**
     * Checks what alignment relies on: offsets never decrease, and the text end is not before the last offset.
     *
     * @param source named in the error (the file the keys came from)
     */
    public static StepIndex checked(Object source, int[] tokenIds, int[] offsets, long textEnd) {
        for (int i = 0; i < offsets.length; i++)
            if (offsets[i] < (i == 0 ? 0 : offsets[i - 1]))
                throw new BadInputException(source, "/steps/" + i + "/decoded_text_offset",
                        i == 0 ? "negative offset " + offsets[i]
                                : "offset " + offsets[i] + " is before the previous step's " + offsets[i - 1]);
        if (offsets.length > 0 && textEnd < offsets[offsets.length - 1])
            throw new BadInputException(source, "/steps/" + (offsets.length - 1),
                    "the step's text ends at " + textEnd + ", before its offset " + offsets[offsets.length - 1]);
        return new StepIndex(tokenIds, offsets, textEnd);
    }

    public int size() { return offsets.length; }

    public int tokenId(int step) { return tokenIds[step]; }

    public int offset(int step) { return offsets[step]; }

    /** Start of step {@code i}'s span: its offset, in the shared text's coordinates. */
    public long spanStart(int i) { return (long) offsets[i] + textStart; }

    /**
     * End (exclusive) of step {@code i}'s span: the next step's offset; for the last step, {@link #textEnd()}.
     * An empty span (a token whose bytes only complete a character in a later token) counts as covering its start
     * code point, so that it can still overlap: the end is at least {@code start + 1}.
     */
    public long spanEnd(int i) {
        long end = i + 1 < offsets.length ? offsets[i + 1] : textEnd;
        if (end != UNKNOWN_END) end += textStart;
        return Math.max(end, spanStart(i) + 1);
    }

    @Override public boolean equals(Object o) {
        return o instanceof StepIndex other && textEnd == other.textEnd && textStart == other.textStart
                && Arrays.equals(tokenIds, other.tokenIds) && Arrays.equals(offsets, other.offsets);
    }

    @Override public int hashCode() { return 31 * (31 * Arrays.hashCode(tokenIds) + Arrays.hashCode(offsets)) + textStart; }

    @Override public String toString() {
        return "StepIndex[" + size() + " steps, text end " + (textEnd == UNKNOWN_END ? "unknown" : textEnd) + "]";
    }
}
