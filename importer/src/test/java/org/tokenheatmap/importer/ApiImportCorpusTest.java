package org.tokenheatmap.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.validate.PathsValidator;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The hand-written corpus ({@code src/test/resources/responses}): one response per format and way of saving it —
 * OpenAI chat (whole, streamed, empty completion), legacy completions (bytes: tokens, echoed prompt, echoed text scored
 * with max_tokens 0, streamed), llama.cpp server (current, post-sampling probabilities, the old n_probs shape,
 * streamed), Ollama (generate, streamed chat) and Gemini (whole, streamed array) — with characters split across
 * tokens in every format. The facts each file relies on are in its reader's class comment. Every file is imported with
 * {@code --format auto}; the run must pass {@code heatmap validate}, and {@code import_check.py} (jsonschema and the
 * hand-written expectations of {@code cases.json}: logprobs equal to the input, offsets, ranks, entropy bounds
 * recomputed in Python) must accept it.
 */
class ApiImportCorpusTest {

    @TempDir Path runs;

    @Test
    void everyResponseImportsToAValidRunWithTheInputsLogprobs() throws Exception {
        Path corpus = TestFiles.resource(ApiImportCorpusTest.class, "/responses");
        JsonNode cases = Json.mapper().readTree(corpus.resolve("cases.json").toFile());
        PathsValidator validator = PathsValidator.fromServiceLoader();
        int imported = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            if (c.getKey().startsWith("_")) continue;
            ApiImport.Result r = ApiImport.run(corpus.resolve(c.getKey()), null, null, runs.resolve(c.getKey()));
            assertEquals(c.getValue().get("format").asString(), r.format().wireName(), c.getKey() + ": detected format");
            var result = validator.validateFile(r.run().resolve("trace.json"), true);
            assertTrue(result.valid(), c.getKey() + ": " + result.problems());
            imported++;
        }
        assertEquals(15, imported);
        String out = Python.script(TestFiles.resource(ApiImportCorpusTest.class, "/python/import_check.py"),
                TestFiles.schemas().resolve("trace.schema.json"), corpus.resolve("cases.json"), runs).run();
        assertEquals(15, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
    }

    @Test
    void textGivenWithTextMustMatchTheTokens() {
        Path file = TestFiles.resource(ApiImportCorpusTest.class, "/responses/openai-chat.json");
        ApiImport.run(file, ApiFormat.OPENAI_CHAT, "Hi café 🙂!", runs.resolve("same"));
        var e = assertThrows(BadInputException.class, () -> ApiImport.run(file, null, "Hi cafe 🙂!", runs.resolve("other")));
        assertEquals("/choices/0/logprobs/content/2", e.place(), e.getMessage());
        assertTrue(e.reason().contains("but --text has \"Hi cafe 🙂!\" (they differ at code point 6)"), e.getMessage());
        assertTrue(Files.notExists(runs.resolve("other")), "nothing is left behind");
    }

    /** Each bad response is refused with the file, the place in it and what is wrong, and leaves no run behind. */
    @Test
    void badResponsesAreRefusedWithFileAndPlace(@TempDir Path dir) throws Exception {
        Map<String, String[]> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"hello\": 1}", new String[] {"", "cannot tell which API wrote this"});
        bad.put("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi\"},\"logprobs\":null}]}",
                new String[] {"/choices/0/message/content", "has text but no logprobs"});
        bad.put("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"bytes\":[72,105],\"top_logprobs\":[]}]}}]}",
                new String[] {"/choices/0/logprobs/content/0", "missing logprob"});
        bad.put("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Ho\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":-1,\"bytes\":[72,105],\"top_logprobs\":[]}]}}]}",
                new String[] {"/choices/0/logprobs/content/0", "the tokens spell \"Hi\" but /choices/0/message/content has \"Ho\""});
        bad.put("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":-1,\"bytes\":[72,300],\"top_logprobs\":[]}]}}]}",
                new String[] {"/choices/0/logprobs/content/0/bytes/1", "must be a byte value 0..255"});
        bad.put("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ab\",\"logprobs\":{\"tokens\":[\"a\",\"b\"],\"token_logprobs\":[-1],\"top_logprobs\":[null,null]}}]}",
                new String[] {"/choices/0/logprobs/token_logprobs", "has 1 entries but tokens has 2"});
        bad.put("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ab\",\"logprobs\":{\"tokens\":[\"a\",\"b\"],\"token_logprobs\":[null,-1],\"top_logprobs\":[null,null]}}]}",
                new String[] {"/choices/0/logprobs/tokens/0", "usage.prompt_tokens (null) does not say how many"});
        bad.put("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"a\",\"logprobs\":{\"tokens\":[\"a\"],\"token_logprobs\":[0.5],\"top_logprobs\":[null]}}]}",
                new String[] {"/choices/0/logprobs/token_logprobs/0", "logprob 0.5 is above 0"});
        bad.put("{\"content\":\"x\",\"stop_type\":\"limit\",\"completion_probabilities\":[{\"content\":\"x\",\"probs\":[{\"tok_str\":\"y\",\"prob\":0.9}]}]}",
                new String[] {"/completion_probabilities/0", "the chosen token (content) is not among probs"});
        bad.put("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"logprobsResult\":{\"chosenCandidates\":[{\"token\":\"a\",\"tokenId\":1,\"logProbability\":-1}],\"topCandidates\":[]}}]}",
                new String[] {"/candidates/0/logprobsResult/topCandidates", "must have one entry per chosen candidate (1)"});
        bad.put("{\"model\":\"m\",\"response\":\"a\",\"done\":true}", new String[] {"/response", "has text but no logprobs"});
        bad.put("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\ndata: {broken\n\n",
                new String[] {"line 3", "not valid JSON"});
        bad.put("{\"model\":\"m\",\"done\":false}\n{\"model\":\"m\",\"done\":true,\"logprobs\":{}}\n",
                new String[] {"line 2 /logprobs", "must be an array"});
        bad.put("", new String[] {"", "the file is empty"});
        int n = 0;
        for (Map.Entry<String, String[]> c : bad.entrySet()) {
            Path file = dir.resolve("bad-" + n++ + ".json");
            Files.writeString(file, c.getKey());
            Path out = dir.resolve("run-" + n);
            var e = assertThrows(BadInputException.class, () -> ApiImport.run(file, null, null, out), c.getKey());
            assertEquals(file.toString(), e.file(), e.getMessage());
            assertEquals(c.getValue()[0], e.place(), e.getMessage());
            assertTrue(e.reason().contains(c.getValue()[1]), e.getMessage());
            assertTrue(Files.notExists(out), "no run directory is left for " + c.getKey());
        }
    }
}
