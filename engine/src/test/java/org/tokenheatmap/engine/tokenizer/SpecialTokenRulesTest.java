package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.engine.gguf.GgufMetadata;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.formats.BadInputException;

/**
 * Per-family BOS rules and end-of-generation tokens, read from the real tokenizer files: GPT-2 and Qwen add no BOS,
 * Gemma and Mistral/Llama 2 do; Llama 3's GGUF pre-tokenizer adds one when the file does not say; end-of-turn tokens
 * stop generation.
 */
class SpecialTokenRulesTest {

    private static int id(Tokenizer t, String text) {
        return t.vocabulary().tokens().indexOf(text);
    }

    @Test
    void bosRules() {
        assertFalse(TestTokenizers.gpt2().vocabulary().addBos());
        assertFalse(TestTokenizers.qwen3().vocabulary().addBos());
        assertEquals(SpecialTokens.NONE, TestTokenizers.qwen3().vocabulary().special().bos());
        assertTrue(TestTokenizers.gemma3().vocabulary().addBos());
        assertEquals(id(TestTokenizers.gemma3(), "<bos>"), TestTokenizers.gemma3().encode("Hi")[0]);
        assertTrue(TestTokenizers.mistral().vocabulary().addBos());
        assertEquals(1, TestTokenizers.mistral().encode("Hi")[0]);
        assertTrue(TestTokenizers.llama2().vocabulary().addBos());
    }

    @Test
    void endOfGenerationTokens() {
        Tokenizer qwen = TestTokenizers.qwen3();
        assertArrayEquals(new int[] {id(qwen, "<|endoftext|>"), id(qwen, "<|im_end|>")}, qwen.vocabulary().endOfGeneration());
        Tokenizer llama3 = TestTokenizers.llama3();
        assertArrayEquals(new int[] {id(llama3, "<|end_of_text|>"), id(llama3, "<|eot_id|>")},
                llama3.vocabulary().endOfGeneration());
        Tokenizer gemma = TestTokenizers.gemma3();
        assertTrue(gemma.vocabulary().endsGeneration(id(gemma, "<end_of_turn>")));
        assertFalse(gemma.vocabulary().endsGeneration(id(gemma, "<start_of_turn>")));
        assertArrayEquals(new int[] {TestTokenizers.gpt2().vocabulary().special().eos()}, TestTokenizers.gpt2().vocabulary().endOfGeneration());
    }

    /** GGUF: a byte-level vocabulary re-labelled with other pre-tokenizer names, with and without add_bos_token. */
    @Test
    void ggufPreTokenizerNamesAndDefaults() {
        Map<String, GgufValue> base = new LinkedHashMap<>(TokenizerMetadata.fromVocabulary(TestTokenizers.llama3().vocabulary()));
        base.remove("tokenizer.ggml.add_bos_token");
        base.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(id(TestTokenizers.llama3(), "<|begin_of_text|>")));
        base.put("tokenizer.ggml.eot_token_id", GgufValue.ofUint32(7));
        for (String pre : List.of("llama-bpe", "tekken")) {
            Vocabulary v = load(base, pre);
            assertTrue(v.addBos() && v.ignoreMerges(), pre + " adds BOS and ignores merges by default");
            assertTrue(v.endsGeneration(7), "eot_token_id ends generation");
        }
        for (String pre : List.of("gpt-2", "qwen2", "smollm", "starcoder", "gpt-4o", "deepseek-coder", "falcon", "poro-chat")) {
            Vocabulary v = load(base, pre);
            assertFalse(v.addBos() || v.ignoreMerges(), pre);
            assertEquals(PreTokenizer.forGgufName(pre).ggufName(), PreTokenizer.forGgufName(v.preTokenizer()).ggufName());
        }
        BadInputException e = assertThrows(BadInputException.class, () -> load(base, "no-such-pre"));
        assertEquals("metadata key tokenizer.ggml.pre", e.place());
        assertTrue(e.reason().startsWith("unsupported pre-tokenizer 'no-such-pre' (supported: gpt-2,"), e.reason());
    }

    /** The regex steps as written: digits split off one by one before GPT-2's regex (StarCoder, SmolLM). */
    @Test
    void sequencesOfSplits() {
        assertEquals(List.of("a", "1", "2", "3", " b", "4"), PreTokenizer.STARCODER.split("a123 b4"));
        assertEquals(List.of("a", "123", " b", "4"), PreTokenizer.GPT2.split("a123 b4"));
        assertEquals(List.of("Hello", " World", "123", "456", "7"), PreTokenizer.GPT4O.split("Hello World1234567"));
        assertEquals(List.of("Camel", "Case", " HTTP", " i", "Phone"), PreTokenizer.TEKKEN.split("CamelCase HTTP iPhone"));
        assertEquals(List.of("hello", ",", " world", " (", "x", ")"), PreTokenizer.BLOOM.split("hello, world (x)"));
    }

    private static Vocabulary load(Map<String, GgufValue> base, String pre) {
        Map<String, GgufValue> md = new LinkedHashMap<>(base);
        md.put("tokenizer.ggml.pre", GgufValue.ofString(pre));
        return GgufTokenizerLoader.load(new GgufMetadata("test.gguf", md), "test.gguf");
    }
}
