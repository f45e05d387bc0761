package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * stories260K: prompts and generations of golden_greedy.json (an independent re-implementation of llama2.c run.c,
 * whose decoder drops the space after BOS), and the GGUF's embedded tokenizer against tok512.bin.
 */
class SentencePieceGoldenTest {

    @Test
    void goldenPromptsEncodeAndGenerationsDecode() {
        JsonNode golden = Json.mapper().readTree(TestFiles.goldenGreedy().toFile());
        Tokenizer stories = TestTokenizers.stories();
        for (JsonNode c : golden.path("cases").values()) {
            int[] promptTokens = c.path("prompt_tokens").valueStream().mapToInt(JsonNode::intValue).toArray();
            int[] allTokens = c.path("all_tokens").valueStream().mapToInt(JsonNode::intValue).toArray();
            assertArrayEquals(promptTokens, stories.encode(c.path("prompt").stringValue()), c.path("prompt").stringValue());
            assertEquals(c.path("text").stringValue(), stories.decode(allTokens).text());
        }
    }

    @Test
    void ggufEmbeddedTokenizerEqualsTok512() {
        Vocabulary fromBin = Llama2cTokenizerLoader.load(TestFiles.tok512());
        Vocabulary fromGguf;
        try (GgufFile gguf = GgufFile.open(TestFiles.stories260kGguf())) {
            fromGguf = GgufTokenizerLoader.load(gguf);
        }
        assertEquals(fromBin.tokens(), fromGguf.tokens());
        assertEquals(List.of(fromBin.types()), List.of(fromGguf.types()), "types inferred for tokenizer.bin equal the GGUF's");
        List<String> scoreDifferences = new ArrayList<>();
        for (int i = 0; i < fromBin.size(); i++) {
            if (fromBin.score(i) != fromGguf.score(i)) scoreDifferences.add(i + ": " + fromBin.score(i) + " vs " + fromGguf.score(i));
        }
        assertEquals(List.of(), scoreDifferences);
        assertEquals(fromBin.special().bos(), fromGguf.special().bos());
        assertEquals(fromBin.special().eos(), fromGguf.special().eos());
        assertEquals(fromBin.special().unk(), fromGguf.special().unk());
        assertEquals(Tokenizer.of(fromBin).fingerprint(), Tokenizer.of(fromGguf).fingerprint());
    }

    @Test
    void fingerprintDiffersBetweenTokenizersAndFollowsContent() {
        Vocabulary stories = TestTokenizers.stories().vocabulary();
        String fingerprint = TestTokenizers.stories().fingerprint();
        assertEquals(64, fingerprint.length());
        assertNotEquals(fingerprint, TestTokenizers.llama2().fingerprint());
        assertNotEquals(TestTokenizers.gpt2().fingerprint(), TestTokenizers.llama3().fingerprint());
        float[] scores = stories.scores().clone();
        scores[300] += 1;
        Vocabulary changed = new Vocabulary(stories.kind(), stories.tokens(), scores, stories.types(), stories.merges(),
                stories.preTokenizer(), stories.special(), stories.addBos(), stories.addEos(), stories.addSpacePrefix(), false);
        assertNotEquals(fingerprint, TokenizerFingerprint.of(changed));
        Vocabulary noPrefix = new Vocabulary(stories.kind(), stories.tokens(), stories.scores(), stories.types(), stories.merges(),
                stories.preTokenizer(), stories.special(), stories.addBos(), stories.addEos(), false, false);
        assertNotEquals(fingerprint, TokenizerFingerprint.of(noPrefix));
        scores[300] -= 1;
        scores[259] = -0.0f == scores[259] ? 0.0f : scores[259]; // tok512.bin stores -0.0 here
        Vocabulary signedZero = new Vocabulary(stories.kind(), stories.tokens(), scores, stories.types(), stories.merges(),
                "gpt-2", new SpecialTokens(1, 2, 0, 5), stories.addBos(), stories.addEos(), stories.addSpacePrefix(), false);
        assertEquals(fingerprint, TokenizerFingerprint.of(signedZero), "sign of zero, pad id and BPE-only fields are not content");
    }
}
