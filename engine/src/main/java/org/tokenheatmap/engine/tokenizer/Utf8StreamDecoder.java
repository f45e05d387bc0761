package org.tokenheatmap.engine.tokenizer;

/**
 * Incremental UTF-8 decoder that replaces each maximal ill-formed subpart with one U+FFFD, the Unicode
 * "best practice" that Python's {@code bytes.decode('utf-8', 'replace')} follows, so code point counts
 * agree with Python string indices. Bytes of a character that is not yet complete stay pending.
 */
final class Utf8StreamDecoder {
    private static final int REPLACEMENT = 0xFFFD;

    private int codePoint;
    private int needed;          // continuation bytes still expected
    private int pendingBytes;    // bytes of the incomplete character seen so far
    private int lower = 0x80, upper = 0xBF; // allowed range of the next continuation byte

    boolean hasPending() { return pendingBytes > 0; }

    /** Feeds one byte; appends completed characters to {@code out} and returns how many code points were added. */
    int feed(int b, StringBuilder out) {
        b &= 0xFF;
        if (needed > 0) {
            if (b >= lower && b <= upper) {
                codePoint = (codePoint << 6) | (b & 0x3F);
                pendingBytes++;
                lower = 0x80;
                upper = 0xBF;
                if (--needed == 0) {
                    pendingBytes = 0;
                    out.appendCodePoint(codePoint);
                    return 1;
                }
                return 0;
            }
            reset();
            out.appendCodePoint(REPLACEMENT);
            return 1 + feed(b, out);
        }
        if (b < 0x80) {
            out.append((char) b);
            return 1;
        }
        if (b >= 0xC2 && b <= 0xDF) start(b & 0x1F, 1, 0x80, 0xBF);
        else if (b == 0xE0) start(0, 2, 0xA0, 0xBF);
        else if (b == 0xED) start(0x0D, 2, 0x80, 0x9F);
        else if (b >= 0xE1 && b <= 0xEF) start(b & 0x0F, 2, 0x80, 0xBF);
        else if (b == 0xF0) start(0, 3, 0x90, 0xBF);
        else if (b >= 0xF1 && b <= 0xF3) start(b & 0x07, 3, 0x80, 0xBF);
        else if (b == 0xF4) start(4, 3, 0x80, 0x8F);
        else {
            out.appendCodePoint(REPLACEMENT); // C0, C1, F5..FF and stray continuation bytes never start a character
            return 1;
        }
        return 0;
    }

    /** Ends the stream: an incomplete character becomes one U+FFFD. Returns the code points added. */
    int finish(StringBuilder out) {
        if (needed == 0) return 0;
        reset();
        out.appendCodePoint(REPLACEMENT);
        return 1;
    }

    private void start(int bits, int continuation, int lo, int hi) {
        codePoint = bits;
        needed = continuation;
        pendingBytes = 1;
        lower = lo;
        upper = hi;
    }

    private void reset() {
        needed = 0;
        pendingBytes = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
