package org.tokenheatmap.engine.tokenizer;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cuts U+2581-escaped text (SentencePiece) before every U+2581 whose preceding code point never precedes U+2581
 * inside a symbol a merge can make. No merged symbol can span such a cut and merges on either side never interact,
 * so segmenting the pieces separately (and caching repeated pieces) gives exactly the same ids, for score-ordered
 * and rank-ordered merges alike.
 */
final class SpaceMarkCuts {
    static final char SPACE_MARK = '\u2581';

    /** Code points that occur right before U+2581 inside some symbol; a cut before such a mark is not safe. */
    private final Set<Integer> joinsSpaceMark = new HashSet<>();

    /** @param symbols every string a merge can produce (the vocabulary, and merge results outside it) */
    SpaceMarkCuts(Iterable<String> symbols) {
        for (String symbol : symbols) {
            for (int i = symbol.indexOf(SPACE_MARK, 1); i > 0; i = symbol.indexOf(SPACE_MARK, i + 1)) {
                joinsSpaceMark.add(symbol.codePointBefore(i));
            }
        }
    }

    void forEachPiece(String text, Consumer<String> piece) {
        int pieceStart = 0;
        for (int i = text.indexOf(SPACE_MARK, 1); i > 0; i = text.indexOf(SPACE_MARK, i + 1)) {
            if (!joinsSpaceMark.contains(text.codePointBefore(i))) {
                piece.accept(text.substring(pieceStart, i));
                pieceStart = i;
            }
        }
        piece.accept(text.substring(pieceStart));
    }
}
