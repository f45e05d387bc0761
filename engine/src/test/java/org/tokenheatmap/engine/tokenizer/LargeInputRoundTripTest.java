package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A megabyte of mixed text, including a 500-character run without spaces (SentencePiece's single-fragment merge),
 * encodes and decodes back to itself. Speed is measured by {@code ./bench.sh tokenizer}, not here; the timeout only
 * turns a hang or a quadratic rescan (minutes on this input) into a failure instead of a stalled build.
 */
class LargeInputRoundTripTest {
    /** About 1 MB of mixed text; one run without spaces stresses SentencePiece's single-fragment merge. */
    static String megabyte() {
        StringBuilder sb = new StringBuilder();
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < (1 << 20) - 4096) {
            for (String text : Corpus.TEXTS) sb.append(text).append(' ');
            sb.append("x".repeat(500)).append('\n');
        }
        return sb.toString();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sentencePieceRoundTripsAMegabyte() {
        assertRoundTrip(TestTokenizers.llama2(), megabyte());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void byteLevelBpeRoundTripsAMegabyte() {
        assertRoundTrip(TestTokenizers.gpt2(), megabyte());
    }

    private static void assertRoundTrip(Tokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text, false, false);
        assertEquals(text, tokenizer.decode(ids).text());
    }
}
