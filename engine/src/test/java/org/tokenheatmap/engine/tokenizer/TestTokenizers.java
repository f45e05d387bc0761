package org.tokenheatmap.engine.tokenizer;

import org.tokenheatmap.testkit.TestFiles;

/** Tokenizers built once per test JVM from the real vocabulary files. */
final class TestTokenizers {
    private TestTokenizers() {}

    private static final class Llama2 {
        static final Tokenizer INSTANCE = Tokenizer.of(Llama2cTokenizerLoader.load(TestFiles.llama2Tokenizer()));
    }

    private static final class Stories {
        static final Tokenizer INSTANCE = Tokenizer.of(Llama2cTokenizerLoader.load(TestFiles.tok512()));
    }

    private static final class Gpt2 {
        static final Tokenizer INSTANCE = Tokenizer.of(Gpt2EncoderLoader.load(
                JsReference.path("gpt2EncoderJson"), JsReference.path("gpt2VocabBpe")));
    }

    private static final class Llama3 {
        static final Tokenizer INSTANCE = Tokenizer.of(HuggingFaceTokenizerLoader.load(JsReference.path("llama3TokenizerJson")));
    }

    private static final class Qwen3 {
        static final Tokenizer INSTANCE = Tokenizer.of(HuggingFaceTokenizerLoader.load(JsReference.path("qwen3TokenizerJson")));
    }

    static Tokenizer qwen3() { return Qwen3.INSTANCE; }

    /** Llama 2 SentencePiece, 32,000 tokens (llama2.c tokenizer.bin). */
    static Tokenizer llama2() { return Llama2.INSTANCE; }

    /** stories260K's 512-token SentencePiece vocabulary (llama2.c tok512.bin). */
    static Tokenizer stories() { return Stories.INSTANCE; }

    static Tokenizer gpt2() { return Gpt2.INSTANCE; }

    static Tokenizer llama3() { return Llama3.INSTANCE; }
}
