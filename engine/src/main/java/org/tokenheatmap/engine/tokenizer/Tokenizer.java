package org.tokenheatmap.engine.tokenizer;

/**
 * Text to token ids and back. Implementations are immutable and safe to share between threads.
 * Build one with {@link #of(Vocabulary)} from a vocabulary read by one of the loaders
 * ({@link GgufTokenizerLoader}, {@link Llama2cTokenizerLoader}, {@link HuggingFaceTokenizerLoader},
 * {@link Gpt2EncoderLoader}).
 */
public sealed interface Tokenizer permits SpmTokenizer, BpeTokenizer, SpmBpeTokenizer {

    static Tokenizer of(Vocabulary vocabulary) {
        return switch (vocabulary.kind()) {
            case SPM -> new SpmTokenizer(vocabulary);
            case BPE -> new BpeTokenizer(vocabulary);
            case SPM_BPE -> new SpmBpeTokenizer(vocabulary);
        };
    }

    Vocabulary vocabulary();

    /**
     * Encodes text.
     *
     * @param addSpecial   add BOS/EOS as the vocabulary's add_bos/add_eos flags say
     * @param parseSpecial match control tokens (e.g. {@code <|begin_of_text|>}) written in the text;
     *                     user-defined tokens are always matched, as llama.cpp does
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** Encodes a prompt the way llama.cpp and llama2.c do by default: with BOS, special tokens as plain text. */
    default int[] encode(String text) { return encode(text, true, false); }

    /**
     * The bytes token {@code id} contributes to decoded text. Control tokens contribute nothing unless
     * {@code renderSpecial}, then their text; byte tokens one raw byte.
     */
    byte[] tokenBytes(int id, boolean renderSpecial);

    /** Which leading space of decoded text is the dummy prefix and is dropped. */
    enum DummySpace {
        /** No dummy prefix: every space is text. */
        KEEP,
        /** llama.cpp / llama2.c: the space of the stream's first piece and of the piece right after BOS. */
        FIRST_AND_AFTER_BOS,
        /** Hugging Face's Strip / Metaspace decoders: the first space of the decoded text only. */
        FIRST_OF_TEXT
    }

    DummySpace dummySpace();

    /** A fresh incremental decoder (one per token stream). */
    default StreamingDecoder decoder(boolean renderSpecial) { return new StreamingDecoder(this, renderSpecial); }

    /** Decodes ids with control tokens rendered as nothing. */
    default DecodedText decode(int... ids) { return decode(ids, false); }

    default DecodedText decode(int[] ids, boolean renderSpecial) {
        StreamingDecoder decoder = decoder(renderSpecial);
        for (int id : ids) decoder.append(id);
        return decoder.finish();
    }

    /** SHA-256 (hex) of the canonical tokenizer content; see {@link TokenizerFingerprint}. */
    String fingerprint();

    default int size() { return vocabulary().size(); }

    default void checkId(int id) {
        if (id < 0 || id >= size()) throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + size());
    }
}
