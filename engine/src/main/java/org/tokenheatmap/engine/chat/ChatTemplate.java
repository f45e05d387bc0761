package org.tokenheatmap.engine.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.tokenizer.SpecialTokens;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A model's own chat template (Jinja), rendered the way Hugging Face transformers' {@code apply_chat_template}
 * renders it (see {@link HfJinja}).
 *
 * @param source the Jinja text
 * @param file   the file it came from (the GGUF file, {@code tokenizer_config.json} or {@code chat_template.jinja})
 * @param place  where in that file, for error messages (e.g. {@code metadata key tokenizer.chat_template})
 */
public record ChatTemplate(String source, Path file, String place) {
    public static final String GGUF_KEY = "tokenizer.chat_template";
    static final String JINJA_FILE = "chat_template.jinja";
    static final String CONFIG_FILE = "tokenizer_config.json";

    /**
     * The template a model ships: GGUF {@code tokenizer.chat_template}; in a Hugging Face directory
     * {@code chat_template.jinja} (newer transformers), else {@code tokenizer_config.json}'s {@code chat_template}
     * (a string, or a list of named templates of which {@code default} is taken).
     */
    public static Optional<ChatTemplate> of(LoadedModel model) {
        if (model.gguf().isPresent()) {
            return model.gguf().get().metadata().findString(GGUF_KEY).map(t -> new ChatTemplate(t, model.path(), "metadata key " + GGUF_KEY));
        }
        Path dir = Files.isDirectory(model.path()) ? model.path() : model.path().toAbsolutePath().getParent();
        return inDirectory(dir);
    }

    static Optional<ChatTemplate> inDirectory(Path dir) {
        Path jinja = dir.resolve(JINJA_FILE);
        if (Files.isRegularFile(jinja)) {
            try {
                return Optional.of(new ChatTemplate(Files.readString(jinja), jinja, ""));
            } catch (java.io.IOException e) {
                throw new BadInputException(jinja, "", "cannot read: " + e.getMessage(), e);
            }
        }
        Path config = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) return Optional.empty();
        JsonNode node;
        try {
            node = Json.mapper().readTree(config.toFile()).path("chat_template");
        } catch (JacksonException e) {
            throw new BadInputException(config, "", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node.isString()) return Optional.of(new ChatTemplate(node.stringValue(), config, "/chat_template"));
        if (node.isArray()) {
            int i = 0;
            for (JsonNode named : node.values()) {
                if ("default".equals(named.path("name").asString("")) && named.path("template").isString()) {
                    return Optional.of(new ChatTemplate(named.path("template").stringValue(), config, "/chat_template/" + i + "/template"));
                }
                i++;
            }
            throw new BadInputException(config, "/chat_template", "a list of templates without one named 'default'");
        }
        if (!node.isMissingNode() && !node.isNull()) throw new BadInputException(config, "/chat_template", "expected a string");
        return Optional.empty();
    }

    /** The model's template, or a clear error naming the model when it has none. */
    public static ChatTemplate require(LoadedModel model) {
        return of(model).orElseThrow(() -> new BadInputException(model.path(), "", "--chat needs the model's chat template, but "
                + (model.gguf().isPresent() ? "the GGUF file has no " + GGUF_KEY + " metadata"
                : "there is no " + JINJA_FILE + " and no chat_template in " + CONFIG_FILE)));
    }

    /**
     * Renders {@code messages} with {@code add_generation_prompt} and the vocabulary's BOS/EOS texts bound as
     * {@code bos_token}/{@code eos_token}; a template that fails (syntax, {@code raise_exception}) is a
     * {@link BadInputException} naming this template's file and place.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Vocabulary vocabulary) {
        return render(messages, addGenerationPrompt, vocabulary, LocalDateTime.now());
    }

    String render(List<ChatMessage> messages, boolean addGenerationPrompt, Vocabulary vocabulary, LocalDateTime now) {
        Map<String, Object> variables = new LinkedHashMap<>();
        List<Map<String, Object>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        variables.put("messages", turns);
        variables.put("add_generation_prompt", addGenerationPrompt);
        SpecialTokens special = vocabulary.special();
        if (special.bos() != SpecialTokens.NONE) variables.put("bos_token", vocabulary.token(special.bos()));
        if (special.eos() != SpecialTokens.NONE) variables.put("eos_token", vocabulary.token(special.eos()));
        return render(variables, now);
    }

    String render(Map<String, Object> variables, LocalDateTime now) {
        try {
            return HfJinja.render(source, variables, now);
        } catch (HfJinja.TemplateProblem | IllegalArgumentException e) {
            throw new BadInputException(file, place, "chat template cannot be rendered: " + e.getMessage(), e);
        }
    }
}
