package org.tokenheatmap.engine.tokenizer;

/** Ids of the tokens with a fixed role; {@link #NONE} where the vocabulary has none. */
public record SpecialTokens(int bos, int eos, int unk, int pad) {
    public static final int NONE = org.tokenheatmap.engine.gguf.GgufMetadata.NO_TOKEN;

    void checkWithin(int vocabularySize) {
        for (int id : new int[] {bos, eos, unk, pad}) {
            if (id != NONE && (id < 0 || id >= vocabularySize)) {
                throw new IllegalArgumentException("special token id " + id + " outside the vocabulary of " + vocabularySize);
            }
        }
    }
}
