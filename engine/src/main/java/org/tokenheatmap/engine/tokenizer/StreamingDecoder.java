package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a token stream one token at a time, as a generator produces it: the tokenizer's bytes of each token
 * (special-token rendering and SentencePiece's leading space after BOS applied) through {@link TokenBytesDecoder}.
 * Not thread-safe: one instance per stream.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private final int bos;
    private final TokenBytesDecoder bytesDecoder = new TokenBytesDecoder();
    private final List<TokenPiece> pieces = new ArrayList<>();
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
        TokenPiece piece = bytesDecoder.append(id, bytes);
        pieces.add(piece);
        return piece;
    }

    /** The text decoded so far, without the bytes of a character that is still incomplete. */
    public String text() { return bytesDecoder.text(); }

    /** Code points in {@link #text()}. */
    public int codePointLength() { return bytesDecoder.codePointLength(); }

    /** Ends the stream (an incomplete trailing character becomes U+FFFD) and returns the whole result. */
    public DecodedText finish() {
        return new DecodedText(bytesDecoder.finish(), pieces);
    }
}
