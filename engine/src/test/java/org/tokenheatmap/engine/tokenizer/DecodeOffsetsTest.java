package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.testkit.TestFiles;

/**
 * Decoded text and per-token {@code decoded_text_offset} (code points, Python str indices) against a Python
 * decoder that reads the token bytes from the vocabulary files itself ({@code decode_oracle.py}). Emoji and
 * CJK text splits characters across byte-fallback (SentencePiece) and byte-level (GPT-2, Llama 3) tokens.
 */
class DecodeOffsetsTest {
    private static final List<String> TEXTS = List.of(
            "Once upon a time 🦙 there was a 日本語 llama named Ünsal 👨‍👩‍👧‍👦!",
            "𝕎𝕠𝕣𝕝𝕕 🇩🇪 ☕ e\u0301 Привет мир",
            "  two leading spaces\nand 🎉🎉🎉 at the end 😀");

    @Test
    void sentencePieceMatchesPython() {
        Tokenizer llama2 = TestTokenizers.llama2();
        List<int[]> sequences = new ArrayList<>();
        for (String text : TEXTS) sequences.add(llama2.encode(text));
        sequences.add(llama2.encode(TEXTS.get(0), false, false)); // no BOS: the first piece loses its space
        Random random = new Random(7);
        for (int n = 0; n < 20; n++) sequences.add(randomByteTokens(random));
        compare(llama2, "llama2c", List.of(TestFiles.llama2Tokenizer()), sequences);
    }

    @Test
    void gpt2MatchesPython() {
        Tokenizer gpt2 = TestTokenizers.gpt2();
        List<int[]> sequences = new ArrayList<>();
        for (String text : TEXTS) sequences.add(gpt2.encode(text, false, false));
        Random random = new Random(11);
        for (int n = 0; n < 20; n++) sequences.add(random.ints(12, 0, gpt2.size()).toArray());
        compare(gpt2, "gpt2", List.of(JsReference.path("gpt2EncoderJson")), sequences);
    }

    @Test
    void llama3MatchesPython() {
        Tokenizer llama3 = TestTokenizers.llama3();
        List<int[]> sequences = new ArrayList<>();
        for (String text : TEXTS) sequences.add(llama3.encode("<|begin_of_text|>" + text, false, true));
        compare(llama3, "hf", List.of(JsReference.path("llama3TokenizerJson")), sequences);
    }

    @Test
    void incompleteCharacterTakesTheOffsetWhereItsBytesAppear() {
        Tokenizer llama2 = TestTokenizers.llama2();
        // "a🦙b": the llama is four byte tokens; all four share the offset of the character they form
        DecodedText decoded = llama2.decode(llama2.encode("a🦙b"));
        assertEquals("a🦙b", decoded.text());
        int[] offsets = decoded.pieces().stream().mapToInt(TokenPiece::offset).toArray();
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1, 2}, offsets);
        assertEquals("🦙", decoded.pieces().get(5).text());
        assertEquals("", decoded.pieces().get(4).text());
    }

    /** Ids of the 256 {@code <0xNN>} tokens (3..258 in Llama 2), biased towards UTF-8 lead and continuation bytes. */
    private static int[] randomByteTokens(Random random) {
        int[] ids = new int[random.nextInt(1, 16)];
        for (int i = 0; i < ids.length; i++) {
            int b = switch (random.nextInt(4)) {
                case 0 -> 0x80 + random.nextInt(64);
                case 1 -> 0xC0 + random.nextInt(64);
                case 2 -> random.nextInt(128);
                default -> random.nextInt(256);
            };
            ids[i] = 3 + b;
        }
        return ids;
    }

    private static void compare(Tokenizer tokenizer, String format, List<Path> files, List<int[]> sequences) {
        List<PythonDecodeOracle.Decoded> expected = PythonDecodeOracle.decode(format, files, tokenizer.vocabulary().special().bos(), sequences);
        for (int i = 0; i < sequences.size(); i++) {
            DecodedText decoded = tokenizer.decode(sequences.get(i));
            String label = "sequence " + i + " " + java.util.Arrays.toString(sequences.get(i));
            assertEquals(expected.get(i).text(), decoded.text(), label);
            assertArrayEquals(expected.get(i).offsets(), decoded.pieces().stream().mapToInt(TokenPiece::offset).toArray(), label);
            assertEquals(String.join("", decoded.pieces().stream().map(TokenPiece::text).toList()),
                    decoded.text().substring(0, streamedLength(decoded)), label + ": streamed text is a prefix of the result");
        }
    }

    /** Characters emitted while streaming (the final flush may add one U+FFFD). */
    private static int streamedLength(DecodedText decoded) {
        return decoded.pieces().stream().mapToInt(p -> p.text().length()).sum();
    }
}
