package org.tokenheatmap.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;

/**
 * What a reader gathers over a response's documents (one, or the chunks of a stream): the tokens, the text the
 * response states beside them, the model and the finish reason (the last given wins, as streams send them last).
 */
final class ResponseParts {
    final List<ApiToken> tokens = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private String model, finish, textPlace;
    private boolean anyLogprobs;

    void model(String name) { if (name != null) model = name; }

    void finish(String reason) { if (reason != null) finish = reason; }

    /** A piece of the stated text, found at {@code place}. */
    void text(String part, String place) {
        if (part == null) return;
        text.append(part);
        if (textPlace == null) textPlace = place;
    }

    void logprobs(List<ApiToken> more) {
        anyLogprobs = true;
        tokens.addAll(more);
    }

    String model() { return model; }

    String finishReason() { return finish; }

    String textPlace() { return textPlace; }

    /** The stated text, or null when the response states none. */
    String text() { return textPlace == null ? null : text.toString(); }

    /** Fails when the response has text but no logprobs at all; {@code request} says how to ask for them. */
    void requireLogprobs(Path file, String request) {
        if (!anyLogprobs && !text.isEmpty())
            throw new BadInputException(file, textPlace, "has text but no logprobs; request them with " + request);
    }

    /** The response, with {@code checkText} false where its stated text need not equal the tokens'. */
    ApiResponse response(ApiFormat format, String prompt, boolean checkText) {
        return new ApiResponse(format, model, finish, prompt, List.of(), tokens, checkText ? text() : null, textPlace);
    }
}
