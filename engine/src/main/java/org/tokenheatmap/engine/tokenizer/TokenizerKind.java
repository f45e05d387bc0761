package org.tokenheatmap.engine.tokenizer;

/** The segmentation algorithm, named as in GGUF {@code tokenizer.ggml.model}. */
public enum TokenizerKind {
    /** SentencePiece BPE over code points with score-ordered merges and byte fallback. */
    SPM("llama"),
    /** GPT-2 byte-level BPE with rank-ordered merges and a regex pre-tokenizer. */
    BPE("gpt2");

    private final String ggufName;

    TokenizerKind(String ggufName) { this.ggufName = ggufName; }

    public String ggufName() { return ggufName; }

    public static TokenizerKind fromGgufName(String name) {
        for (TokenizerKind k : values()) if (k.ggufName.equals(name)) return k;
        throw new IllegalArgumentException("unsupported tokenizer model '" + name + "' (supported: llama, gpt2)");
    }
}
