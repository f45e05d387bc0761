package org.tokenheatmap.engine.tokenizer;

/** Token attribute, numbered as in GGUF {@code tokenizer.ggml.token_type} (llama.cpp / SentencePiece). */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public int code() { return ordinal(); }

    public static TokenType fromCode(int code) {
        if (code < 0 || code >= values().length) throw new IllegalArgumentException("unknown token type " + code);
        return values()[code];
    }

    /** Tokens matched verbatim in the input text before the model's own segmentation runs. */
    boolean isSpecial() { return this == CONTROL || this == USER_DEFINED || this == UNKNOWN; }
}
