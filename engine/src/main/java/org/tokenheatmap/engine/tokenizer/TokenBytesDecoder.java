package org.tokenheatmap.engine.tokenizer;

/**
 * Decodes a stream of tokens given as their bytes, one token at a time: keeps the bytes of a character split across
 * tokens until it completes, and gives each token the product's offset (Unicode code points, as Python str indices;
 * a token whose bytes complete no character yet gets the offset where its character will appear). The one place
 * that rule lives: {@link StreamingDecoder} feeds it a tokenizer's bytes, {@code heatmap import} an API's.
 * Not thread-safe: one instance per stream.
 */
public final class TokenBytesDecoder {
    private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
    private final StringBuilder text = new StringBuilder();
    private int codePoints;

    /** Appends the bytes of token {@code id} and returns what it contributed. */
    public TokenPiece append(int id, byte[] bytes) {
        int textBefore = text.length();
        int offset = codePoints;
        for (int i = 0; i < bytes.length; i++) {
            codePoints += utf8.feed(bytes[i], text);
            if (i == 0) offset = utf8.hasPending() ? codePoints : codePoints - 1;
        }
        return new TokenPiece(id, standalone(bytes), text.substring(textBefore), offset);
    }

    /** The text decoded so far, without the bytes of a character that is still incomplete. */
    public String text() { return text.toString(); }

    /** Code points in {@link #text()}. */
    public int codePointLength() { return codePoints; }

    /** Ends the stream (an incomplete trailing character becomes U+FFFD) and returns the whole text. */
    public String finish() {
        codePoints += utf8.finish(text);
        return text.toString();
    }

    /** A token's own bytes decoded on their own, U+FFFD for each ill-formed or incomplete part (for display). */
    public static String standalone(byte[] bytes) {
        Utf8StreamDecoder own = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) own.feed(b, out);
        own.finish(out);
        return out.toString();
    }
}
