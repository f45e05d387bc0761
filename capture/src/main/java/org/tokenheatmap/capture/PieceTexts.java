package org.tokenheatmap.capture;

import java.nio.charset.StandardCharsets;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/** Display text of token ids (their own bytes decoded, U+FFFD for a split character), cached per id. */
final class PieceTexts {
    private final Tokenizer tokenizer;
    private final String[] cache;

    PieceTexts(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.cache = new String[tokenizer.size()];
    }

    String of(int id) {
        // The model's vocabulary may be padded past the tokenizer's; those ids have no text.
        if (id >= cache.length) return "";
        String s = cache[id];
        if (s == null) cache[id] = s = new String(tokenizer.tokenBytes(id, false), StandardCharsets.UTF_8);
        return s;
    }
}
