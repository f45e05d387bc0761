package org.tokenheatmap.engine.tokenizer;

/** The segmentation algorithm, named as in GGUF {@code tokenizer.ggml.model}. */
public enum TokenizerKind {
    /** SentencePiece BPE over code points with score-ordered merges and byte fallback. */
    SPM("llama"),
    /** GPT-2 byte-level BPE with rank-ordered merges and a regex pre-tokenizer. */
    BPE("gpt2"),
    /**
     * SentencePiece-style BPE as a Hugging Face tokenizer.json writes it (Llama 2, Gemma, Phi-3, Mistral): spaces as
     * U+2581, rank-ordered merges over code points, byte fallback. No GGUF name: GGUF stores such vocabularies as
     * {@link #SPM} with scores.
     */
    SPM_BPE(null);

    private final String ggufName;

    TokenizerKind(String ggufName) { this.ggufName = ggufName; }

    /** The GGUF {@code tokenizer.ggml.model} name, or null for a kind GGUF does not store. */
    public String ggufName() { return ggufName; }

    /** Whether tokens are SentencePiece pieces (U+2581 for space, {@code <0xNN>} byte tokens). */
    public boolean sentencePiece() { return this != BPE; }

    public static TokenizerKind fromGgufName(String name) {
        for (TokenizerKind k : values()) if (name != null && name.equals(k.ggufName)) return k;
        throw new IllegalArgumentException("unsupported tokenizer model '" + name + "' (supported: llama, gpt2)");
    }
}
