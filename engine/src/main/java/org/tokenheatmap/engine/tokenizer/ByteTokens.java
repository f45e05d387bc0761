package org.tokenheatmap.engine.tokenizer;

import java.util.HexFormat;

/** SentencePiece byte-fallback tokens {@code <0xNN>}. */
final class ByteTokens {
    private ByteTokens() {}

    /** The byte a {@code <0xNN>} token stands for, or -1 when the text is not such a token. */
    static int parseByteToken(String text) {
        if (text.length() != 6 || !text.startsWith("<0x") || text.charAt(5) != '>') return -1;
        char hi = text.charAt(3), lo = text.charAt(4);
        if (!HexFormat.isHexDigit(hi) || !HexFormat.isHexDigit(lo)) return -1;
        return HexFormat.fromHexDigits(text, 3, 5);
    }

    static String byteToken(int b) {
        return "<0x" + HexFormat.of().withUpperCase().toHexDigits((byte) b) + ">";
    }
}
