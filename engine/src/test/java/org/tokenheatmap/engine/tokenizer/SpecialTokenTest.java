package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Control tokens written in text are matched only when asked; BOS/EOS follow the vocabulary's flags. */
class SpecialTokenTest {

    @Test
    void sentencePieceControlTokensNeedParseSpecial() {
        Tokenizer llama2 = TestTokenizers.llama2();
        // llama.cpp: "<s>" parsed -> BOS, then " Hi" gets the dummy prefix because it follows a special token
        assertArrayEquals(new int[] {1, 1, 6324}, llama2.encode("<s>Hi", true, true));
        int[] plain = llama2.encode("<s>Hi", true, false);
        assertEquals(1, plain[0]);
        assertTrue(Arrays.stream(plain).skip(1).noneMatch(id -> id == 1), Arrays.toString(plain));
        assertEquals("<s>Hi", llama2.decode(plain).text());
    }

    @Test
    void controlTokensDecodeToNothingUnlessRendered() {
        Tokenizer llama3 = TestTokenizers.llama3();
        int[] ids = llama3.encode("<|begin_of_text|>Hi<|eot_id|>", false, true);
        assertEquals(3, ids.length, Arrays.toString(ids));
        assertEquals("Hi", llama3.decode(ids).text());
        assertEquals("<|begin_of_text|>Hi<|eot_id|>", llama3.decode(ids, true).text());
        assertEquals(2, llama3.decode(ids).pieces().get(2).offset(), "a token without bytes sits where the next text goes");
    }

    @Test
    void gpt2AddsNoBosButLlama2Does() {
        assertEquals(1, TestTokenizers.llama2().encode("x")[0]);
        assertArrayEquals(TestTokenizers.gpt2().encode("x", false, false), TestTokenizers.gpt2().encode("x"));
    }
}
