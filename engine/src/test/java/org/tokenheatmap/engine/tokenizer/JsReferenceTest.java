package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares with JavaScript implementations over {@link Corpus}: Llama 3's tokenizer.json with
 * {@code @lenml/tokenizers} (a port of Hugging Face transformers' tokenizers, special tokens parsed), and the
 * GPT-2 vocabulary with {@code gpt-3-encoder}. Both the ids and the text decoded from them must be equal.
 */
class JsReferenceTest {

    @Test
    void llama3MatchesLenmlTokenizers() {
        List<String> texts = new ArrayList<>(Corpus.TEXTS);
        texts.add("<|begin_of_text|>system prompt<|eot_id|>\n<|start_header_id|>user<|end_header_id|>");
        texts.add("almost special <|begin_of_text| and <|reserved_special_token_7|>");
        compare(TestTokenizers.llama3(), "llama3", texts, true);
    }

    /**
     * Qwen 3 (pre-tokenizer {@code qwen2}). Its tokenizer.json also asks for NFC normalisation, which llama.cpp
     * does not apply and neither do we, so texts that NFC would change are left out.
     */
    @Test
    void qwen3MatchesLenmlTokenizers() {
        List<String> texts = new ArrayList<>(Corpus.TEXTS.stream().filter(t -> Normalizer.isNormalized(t, Normalizer.Form.NFC)).toList());
        texts.add("<|im_start|>user\nHi 12345<|im_end|>");
        compare(TestTokenizers.qwen3(), "qwen3", texts, true);
    }

    /** Gemma 3's tokenizer.json: ranked merges over code points, byte fallback, no dummy prefix, BOS-less encode. */
    @Test
    void gemma3MatchesLenmlTokenizers() {
        List<String> texts = new ArrayList<>(Corpus.TEXTS);
        texts.add("<start_of_turn>user\nHi there <end_of_turn>\n<start_of_turn>model\n");
        texts.add("<bos>text after bos and <mask> and [multimodal] <unused7>");
        compare(TestTokenizers.gemma3(), "gemma3", texts, true);
    }

    /** The Llama 2 layout (Prepend "▁" normalizer: a dummy prefix on every text fragment, Strip decoder). */
    @Test
    void sentencePieceTokenizerJsonMatchesLenmlTokenizers() {
        List<String> texts = new ArrayList<>(Corpus.TEXTS);
        texts.add("<s>[INST] Hi there [/INST] Sure</s><s>[INST] again [/INST]");
        texts.add("</s> after eos");
        compare(TestTokenizers.mistral(), "llama2", texts, true);
    }

    /** o200k (GPT-4o) checks the gpt-4o pre-tokenizer: case-aware words, attached contractions, 1-3 digit groups. */
    @Test
    void gpt4oMatchesLenmlTokenizers() {
        List<String> texts = new ArrayList<>(Corpus.TEXTS.stream().filter(t -> Normalizer.isNormalized(t, Normalizer.Form.NFC)).toList());
        texts.add("CamelCaseWords HTTPServer iPhone McDonald's DON'T we're 1234567 a/b/c\n/path");
        compare(TestTokenizers.gpt4o(), "gpt4o", texts, true);
    }

    @Test
    void gpt2MatchesGpt3Encoder() {
        compare(TestTokenizers.gpt2(), "gpt2", Corpus.TEXTS, false);
    }

    private static void compare(Tokenizer tokenizer, String reference, List<String> texts, boolean parseSpecial) {
        List<JsReference.Encoded> expected = JsReference.encode(reference, texts);
        assertEquals(texts.size(), expected.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] ids = tokenizer.encode(text, false, parseSpecial);
            String label = "'" + LlamaCppVectorsTest.escape(text) + "'";
            assertArrayEquals(expected.get(i).ids(), ids, () -> label + " gave " + Arrays.toString(ids));
            assertEquals(expected.get(i).text(), tokenizer.decode(ids, true).text(), label + " decoded");
        }
    }
}
