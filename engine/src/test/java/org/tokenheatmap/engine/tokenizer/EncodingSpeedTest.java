package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Encoding 1 MB must stay near-linear (priority-queue merges, not rescans). The bound is loose because the
 * build machine is shared; {@code ./bench.sh tokenizer} reports the real figures.
 */
class EncodingSpeedTest {
    private static final long LIMIT_MILLIS = 5_000;

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
    void sentencePieceEncodesAMegabyteQuickly() {
        assertFastRoundTrip(TestTokenizers.llama2(), megabyte());
    }

    @Test
    void byteLevelBpeEncodesAMegabyteQuickly() {
        assertFastRoundTrip(TestTokenizers.gpt2(), megabyte());
    }

    private static void assertFastRoundTrip(Tokenizer tokenizer, String text) {
        tokenizer.encode("warm up " + text.substring(0, 10_000), false, false);
        long start = System.nanoTime();
        int[] ids = tokenizer.encode(text, false, false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < LIMIT_MILLIS, "encoding 1 MB took " + millis + " ms");
        assertEquals(text, tokenizer.decode(ids).text());
    }
}
