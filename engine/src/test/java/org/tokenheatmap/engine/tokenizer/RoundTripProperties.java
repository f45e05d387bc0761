package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** decode(encode(x)) == x for any text, and streaming decoding gives the same text as decoding at once. */
class RoundTripProperties {

    @Property(tries = 300)
    void sentencePiece(@ForAll("texts") String text) {
        // U+2581 is SentencePiece's space mark: it decodes to a space by design
        String input = text.replace('\u2581', '_');
        Tokenizer llama2 = TestTokenizers.llama2();
        assertEquals(input, llama2.decode(llama2.encode(input)).text());
        assertEquals(input, llama2.decode(llama2.encode(input, false, false)).text());
    }

    @Property(tries = 300)
    void gpt2(@ForAll("texts") String text) {
        assertRoundTrip(TestTokenizers.gpt2(), text);
    }

    @Property(tries = 300)
    void llama3(@ForAll("texts") String text) {
        assertRoundTrip(TestTokenizers.llama3(), text);
    }

    @Property(tries = 200)
    void streamingEqualsWholeDecoding(@ForAll("texts") String text) {
        Tokenizer gpt2 = TestTokenizers.gpt2();
        int[] ids = gpt2.encode(text, false, false);
        StreamingDecoder decoder = gpt2.decoder(false);
        StringBuilder streamed = new StringBuilder();
        for (int id : ids) {
            TokenPiece piece = decoder.append(id);
            assertEquals(streamed.codePointCount(0, streamed.length()) + piece.text().codePointCount(0, piece.text().length()),
                    decoder.codePointLength());
            streamed.append(piece.text());
        }
        assertEquals(text, streamed.toString(), () -> Arrays.toString(ids));
    }

    private static void assertRoundTrip(Tokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text, false, false);
        assertEquals(text, tokenizer.decode(ids).text(), () -> Arrays.toString(ids));
    }

    /** Mixed scripts, emoji (supplementary planes), ZWJ, whitespace runs, digits and punctuation. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> ascii = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> whitespace = Arbitraries.of(' ', ' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u200d');
        Arbitrary<Character> bmp = Arbitraries.chars().range('\u00a0', '\ud7ff');
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                        Tuple.of(6, ascii.map(String::valueOf)),
                        Tuple.of(3, whitespace.map(String::valueOf)),
                        Tuple.of(2, bmp.map(String::valueOf)),
                        Tuple.of(1, Arbitraries.integers().between(0x1F300, 0x1FAFF).map(Character::toString)),
                        Tuple.of(1, Arbitraries.of("👨‍👩‍👧", "🏳️‍🌈", "'s", "'LL", "123456", "日本語")));
        return piece.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
