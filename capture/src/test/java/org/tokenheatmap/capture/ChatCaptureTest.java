package org.tokenheatmap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.quant.RandomLlama;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.trace.PromptToken;
import org.tokenheatmap.formats.validate.ValidatorProblems;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * {@code --chat} end to end on a small random Llama with stories260K's SentencePiece tokenizer and TinyLlama-Chat's
 * real (Zephyr-style) chat template in {@code tokenizer.chat_template}: the trace records the rendered prompt and
 * marks the template's tokens, and validates with the project's validators and Python jsonschema.
 */
class ChatCaptureTest {
    /** TinyLlama-1.1B-Chat-v1.0's chat_template (tokenizer_config.json). */
    static final String TINYLLAMA_TEMPLATE = """
            {% for message in messages %}
            {% if message['role'] == 'user' %}
            {{ '<|user|>\\n' + message['content'] + eos_token }}
            {% elif message['role'] == 'system' %}
            {{ '<|system|>\\n' + message['content'] + eos_token }}
            {% elif message['role'] == 'assistant' %}
            {{ '<|assistant|>\\n'  + message['content'] + eos_token }}
            {% endif %}
            {% if loop.last and add_generation_prompt %}
            {{ '<|assistant|>' }}
            {% endif %}
            {% endfor %}""";

    @TempDir
    Path tmp;

    private Path model(String template) throws Exception {
        Map<String, GgufValue> tokenizer = new LinkedHashMap<>(TokenizerMetadata.fromGguf(TestFiles.stories260kGguf()));
        if (template != null) tokenizer.put("tokenizer.chat_template", GgufValue.ofString(template));
        Path file = tmp.resolve("chat-" + (template == null ? "none" : Integer.toHexString(template.hashCode())) + ".gguf");
        new RandomLlama(64, 128, 2, 4, 2, 256, 7, 0.05f, GgmlType.F32).write(file, tokenizer);
        return file;
    }

    @Test
    void chatPromptIsRenderedRecordedAndItsTemplateTokensMarked() throws Exception {
        Path run = tmp.resolve("run");
        try (CaptureModel m = CaptureModel.open(model(TINYLLAMA_TEMPLATE))) {
            CapturePlan plan = CapturePlan.of(m, CaptureOptions.generate("Once upon a time").maxNewTokens(4).chat(true).build());
            Capture.run(plan, run, new CaptureControl(), CaptureListener.NONE);
        }
        assertEquals(List.of(), ValidatorProblems.of(run));
        PythonRunCheck.check(run);
        JsonNode trace = Json.mapper().readTree(run.resolve("trace.json").toFile());
        assertEquals("2.1.0", trace.path("schema_version").stringValue());
        assertEquals("Once upon a time", trace.path("generation").path("prompt").stringValue());
        assertEquals("<|user|>\nOnce upon a time</s>\n<|assistant|>\n", trace.path("generation").path("chat").path("rendered_prompt").stringValue());
        assertTrue(trace.path("generation").path("chat").path("template_source").stringValue().endsWith("(metadata key tokenizer.chat_template)"));
        StringBuilder user = new StringBuilder();
        StringBuilder template = new StringBuilder();
        for (JsonNode token : trace.path("prompt_tokens").values()) {
            (token.path("from_template").booleanValue() ? template : user).append(token.path("text").stringValue());
        }
        assertEquals("Once upon a time", user.toString());
        assertTrue(trace.path("prompt_tokens").get(0).path("from_template").booleanValue(), "BOS is the template's");
        assertTrue(template.toString().contains("user") && template.toString().contains("assistant"), template.toString());
    }

    @Test
    void withoutChatTheTraceHasNoChatFields() throws Exception {
        Path run = tmp.resolve("plain");
        try (CaptureModel m = CaptureModel.open(model(TINYLLAMA_TEMPLATE))) {
            CaptureResult r = Capture.run(CapturePlan.of(m, CaptureOptions.generate("Once").maxNewTokens(2).build()), run,
                    new CaptureControl(), CaptureListener.NONE);
            for (PromptToken t : r.promptTokens()) assertNull(t.fromTemplate());
        }
        JsonNode trace = Json.mapper().readTree(run.resolve("trace.json").toFile());
        assertTrue(trace.path("generation").path("chat").isMissingNode());
    }

    @Test
    void aModelWithoutTemplateOrWithAFailingOneIsAClearError() throws Exception {
        try (CaptureModel m = CaptureModel.open(model(null))) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> CapturePlan.of(m, CaptureOptions.generate("Hi").chat(true).build()));
            assertTrue(e.getMessage().contains("chat-none.gguf") && e.getMessage().contains("no tokenizer.chat_template"), e.getMessage());
        }
        try (CaptureModel m = CaptureModel.open(model("{{ raise_exception('Conversation roles must alternate') }}"))) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> CapturePlan.of(m, CaptureOptions.generate("Hi").chat(true).build()));
            assertEquals("metadata key tokenizer.chat_template", e.place());
            assertTrue(e.getMessage().contains("Conversation roles must alternate"), e.getMessage());
        }
        try (CaptureModel m = CaptureModel.open(model("{% for m in messages %}{{ m.content }"))) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> CapturePlan.of(m, CaptureOptions.generate("Hi").chat(true).build()));
            assertTrue(e.getMessage().contains("chat template cannot be rendered"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CaptureOptions.score("Hi there").chat(true).build());
    }
}
