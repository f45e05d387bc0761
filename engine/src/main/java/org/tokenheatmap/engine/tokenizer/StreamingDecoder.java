package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a token stream one token at a time, as a generator produces it. Keeps the bytes of a character
 * split across tokens until it completes, and counts offsets in Unicode code points (Python str indices).
 * Not thread-safe: one instance per stream.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private final int bos;
    private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
    private final StringBuilder text = new StringBuilder();
    private final List<TokenPiece> pieces = new ArrayList<>();
    private int codePoints;
    private boolean atStart = true;
    private boolean previousWasBos;
    private boolean anyBytes;

    StreamingDecoder(Tokenizer tokenizer, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.renderSpecial = renderSpecial;
        this.bos = tokenizer.vocabulary().special().bos();
    }

    /** Appends one token and returns what it contributed. */
    public TokenPiece append(int id) {
        tokenizer.checkId(id);
        byte[] bytes = tokenizer.tokenBytes(id, renderSpecial);
        boolean dummy = switch (tokenizer.dummySpace()) {
            case KEEP -> false;
            case FIRST_AND_AFTER_BOS -> atStart || previousWasBos;
            case FIRST_OF_TEXT -> !anyBytes;
        };
        anyBytes |= bytes.length > 0;
        if (dummy && bytes.length > 0 && bytes[0] == ' ') bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        atStart = false;
        previousWasBos = id == bos;
        int textBefore = text.length();
        int offset = codePoints;
        for (int i = 0; i < bytes.length; i++) {
            codePoints += utf8.feed(bytes[i], text);
            if (i == 0) offset = utf8.hasPending() ? codePoints : codePoints - 1;
        }
        TokenPiece piece = new TokenPiece(id, standalone(bytes), text.substring(textBefore), offset);
        pieces.add(piece);
        return piece;
    }

    /** The text decoded so far, without the bytes of a character that is still incomplete. */
    public String text() { return text.toString(); }

    /** Code points in {@link #text()}. */
    public int codePointLength() { return codePoints; }

    /** Ends the stream (an incomplete trailing character becomes U+FFFD) and returns the whole result. */
    public DecodedText finish() {
        codePoints += utf8.finish(text);
        return new DecodedText(text.toString(), pieces);
    }

    private static String standalone(byte[] bytes) {
        Utf8StreamDecoder own = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) own.feed(b, out);
        own.finish(out);
        return out.toString();
    }
}
