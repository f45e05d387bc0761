package org.tokenheatmap.viewer.export;

/** Makes whitespace in token text visible, as the web UI does: space ·, newline ⏎, tab →, carriage return ␍. */
public final class Whitespace {
    private Whitespace() {
    }

    public static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case ' ' -> out.append('·');
                case '\n' -> out.append('⏎');
                case '\t' -> out.append('→');
                case '\r' -> out.append('␍');
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
