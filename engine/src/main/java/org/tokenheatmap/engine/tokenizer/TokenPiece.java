package org.tokenheatmap.engine.tokenizer;

/**
 * One decoded token.
 *
 * @param tokenId the token
 * @param piece   the token's own bytes decoded on their own (U+FFFD for bytes of a split character), for display
 * @param text    the characters of the output text that this token completed (empty while a character is split)
 * @param offset  code point index in the whole decoded text of the character holding this token's first byte;
 *                for a token without bytes, the index where the next character will appear
 */
public record TokenPiece(int tokenId, String piece, String text, int offset) {}
