package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.capture.Capture;
import org.tokenheatmap.capture.CaptureControl;
import org.tokenheatmap.capture.CaptureListener;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.capture.CapturePlan;
import org.tokenheatmap.engine.quant.RandomLlama;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.validate.ValidatorProblems;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cross-tokenizer case on real captures: one text scored by stories260K (512-token vocabulary) and by a
 * random-weight Llama with the Llama 2 32,000-token tokenizer and the same hidden_dim (64), compared with auto
 * alignment. The expected pairs come from pairs_from_tokenizers.py, which re-derives every span from the token ids
 * and the tokenizer files themselves; the diff's values and schemas are checked by compare_reference.py.
 */
class CrossTokenizerCaptureTest {

    /** Sentences with punctuation, digits and a non-ASCII word (split into byte tokens by the 512-token vocabulary). */
    static final String TEXT = "Tom had 3 red balls. He gave 12 to Sue, the naïve girl! \"Thank you,\" she said.";
    /** The short phrase of the worked real example in docs/compare.md. */
    static final String PHRASE = "Sue was naïve.";

    @TempDir static Path models;
    @TempDir Path dir;

    static Path stories260k, randomLlama;

    @BeforeAll
    static void generateRandomLlama() throws IOException {
        stories260k = TestFiles.stories260kGguf();
        randomLlama = models.resolve("random-llama2-tokenizer.gguf");
        // hidden_dim 64 like stories260K so the activation vectors can be compared; 2 layers keep it fast.
        new RandomLlama(64, 128, 2, 4, 4, 256, 7, 0.05f, GgmlType.F32)
                .write(randomLlama, TokenizerMetadata.fromLlama2cTokenizer(TestFiles.llama2Tokenizer()));
    }

    static Path score(Path model, String text, Path out) {
        try (CaptureModel m = CaptureModel.open(model)) {
            CaptureOptions options = CaptureOptions.score(text).attention(false).fullActivations(true).build();
            Capture.run(CapturePlan.of(m, options), out, new CaptureControl(), CaptureListener.NONE);
        }
        return out;
    }

    /** pairs_from_tokenizers.py's answer for A = stories260K and B = the random Llama. */
    static JsonNode pythonPairs(Path a, Path b, String text) {
        String out = Python.script(TestFiles.repo("compare/src/test/resources/python/pairs_from_tokenizers.py"),
                a.resolve("trace.json"), TestFiles.tok512(), b.resolve("trace.json"), TestFiles.llama2Tokenizer(), text)
                .withTimeout(Duration.ofSeconds(60)).run();
        return JsonMapper.builder().build().readTree(out);
    }

    static List<Alignment.Pair> pairs(JsonNode python) {
        var pairs = new ArrayList<Alignment.Pair>();
        python.get("pairs").forEach(p -> pairs.add(new Alignment.Pair(p.get(0).asInt(), p.get(1).asInt())));
        return pairs;
    }

    static List<String> mismatches(Alignment alignment) {
        return alignment.mismatches().stream().map(m -> (m.stepA() != null ? "a" + m.stepA() : "b" + m.stepB())
                + ":" + m.reason().wireName()).toList();
    }

    static List<String> mismatches(JsonNode python) {
        var out = new ArrayList<String>();
        python.get("mismatches").forEach(m -> out.add((m.has("step_a") ? "a" + m.get("step_a").asInt()
                : "b" + m.get("step_b").asInt()) + ":" + m.get("reason").asString()));
        return out;
    }

    @Test
    void storiesAgainstALlama2TokenizerModelPairsByPosition() throws Exception {
        Path a = score(stories260k, TEXT, dir.resolve("stories"));
        Path b = score(randomLlama, TEXT, dir.resolve("random"));
        Path out = dir.resolve("diff.json");
        var result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(out));

        Alignment al = result.alignment();
        assertNotEquals(al.fingerprintA(), al.fingerprintB());
        assertEquals(AlignmentMode.POSITION, al.applied());
        JsonNode python = pythonPairs(a, b, TEXT);
        assertEquals(pairs(python), al.pairs());
        assertEquals(mismatches(python), mismatches(al));
        assertTrue(python.get("spans_a").size() != python.get("spans_b").size(), "the two tokenizations differ");
        assertStructure(python, al);

        assertEquals(List.of(), ValidatorProblems.of(out, CompareActivations.tokenDiffPath(out)));
        CompareReference.check(a, b, out, AlignmentMode.AUTO, CompareActivations.DEFAULT_TOP_K, false);
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("layers captured only in A")), result.warnings().toString());
    }

    /** The real example of docs/compare.md ("Cross-tokenizer example, real"): pieces and pairs as documented there. */
    @Test
    void theDocumentedRealExample() throws Exception {
        Path a = score(stories260k, PHRASE, dir.resolve("stories"));
        Path b = score(randomLlama, PHRASE, dir.resolve("random"));
        var result = CompareActivations.compare(a, b, CompareActivations.Options.writingTo(dir.resolve("phrase.json")));
        JsonNode python = pythonPairs(a, b, PHRASE);
        String fffd = "\uFFFD";
        assertEquals(List.of("S", "u", "e", " was", " n", "a", fffd, fffd, "ve", "."), texts(python.get("pieces_a")));
        assertEquals(List.of("Sue", " was", " na", "ï", "ve", "."), texts(python.get("pieces_b")));
        assertEquals(List.of(" S", "u", "e", " was", " n", "a", "<0xC3>", "<0xAF>", "ve", "."), texts(python.get("vocab_a")));
        assertEquals(List.of(" Sue", " was", " na", "ï", "ve", "."), texts(python.get("vocab_b")));
        assertEquals("[[0,1],[1,2],[2,3],[3,7],[7,9],[9,10],[10,11],[10,11],[11,13],[13,14]]", python.get("spans_a").toString());
        assertEquals("[[0,3],[3,7],[7,10],[10,11],[11,13],[13,14]]", python.get("spans_b").toString());
        var documented = List.of(new Alignment.Pair(0, 0), new Alignment.Pair(3, 1), new Alignment.Pair(4, 2),
                new Alignment.Pair(6, 3), new Alignment.Pair(8, 4), new Alignment.Pair(9, 5));
        assertEquals(documented, pairs(python));
        assertEquals(documented, result.alignment().pairs());
        var gaps = List.of("a1:offset_gap", "a2:offset_gap", "a5:offset_gap", "a7:offset_gap");
        assertEquals(gaps, mismatches(python));
        assertEquals(gaps, mismatches(result.alignment()));
    }

    static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(t -> out.add(t.asString()));
        return out;
    }

    /** Every step in exactly one pair or mismatch, pairs strictly increasing on both sides, paired spans meet. */
    static void assertStructure(JsonNode python, Alignment al) {
        int na = python.get("spans_a").size(), nb = python.get("spans_b").size();
        int[] seenA = new int[na], seenB = new int[nb];
        Alignment.Pair previous = null;
        for (Alignment.Pair p : al.pairs()) {
            seenA[p.stepA()]++;
            seenB[p.stepB()]++;
            if (previous != null) assertTrue(p.stepA() > previous.stepA() && p.stepB() > previous.stepB(), "monotone at " + p);
            previous = p;
            JsonNode sa = python.get("spans_a").get(p.stepA()), sb = python.get("spans_b").get(p.stepB());
            int a0 = sa.get(0).asInt(), a1 = sa.get(1).asInt(), b0 = sb.get(0).asInt(), b1 = sb.get(1).asInt();
            assertTrue(a0 == b0 || Math.max(a0, b0) < Math.min(a1, b1), "spans of " + p + " meet");
        }
        for (Alignment.Mismatch m : al.mismatches()) {
            if (m.stepA() != null) seenA[m.stepA()]++;
            if (m.stepB() != null) seenB[m.stepB()]++;
        }
        for (int i = 0; i < na; i++) assertEquals(1, seenA[i], "A step " + i);
        for (int j = 0; j < nb; j++) assertEquals(1, seenB[j], "B step " + j);
    }

}
