package org.tokenheatmap.engine.tokenizer;

/**
 * GPT-2's reversible byte-to-character map: printable Latin-1 bytes stand for themselves, the other bytes
 * for U+0100 onwards, so every byte string becomes a string of visible characters.
 */
final class ByteLevel {
    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[512];

    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + extra++);
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteLevel() {}

    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        return new String(chars);
    }

    static char charOf(int b) { return CHAR_OF_BYTE[b & 0xFF]; }

    /** The byte that a character produced by {@link #encode} stands for. */
    static int byteOf(char c) { return BYTE_OF_CHAR[c]; }

    /** The bytes a byte-level token string stands for, or null when it has characters outside the map. */
    static byte[] decode(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < out.length; i++) {
            char c = token.charAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b < 0) return null;
            out[i] = (byte) b;
        }
        return out;
    }
}
