package org.tokenheatmap.engine.tokenizer;

import java.util.List;

/** Decoded text of a token sequence with one {@link TokenPiece} per token. */
public record DecodedText(String text, List<TokenPiece> pieces) {
    public DecodedText {
        pieces = List.copyOf(pieces);
    }

    /** Length of {@link #text()} in Unicode code points (the unit of {@link TokenPiece#offset()}). */
    public int codePointLength() { return text.codePointCount(0, text.length()); }
}
