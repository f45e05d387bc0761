package org.tokenheatmap.viewer;

import org.tokenheatmap.compare.TokenDiff;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.json.JsonStepsStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A token diff file (compare's {@link TokenDiff} records, token-diff.schema.json), read step by step with the formats' stream. */
public record TokenDiffData(TokenDiff.Header header, List<TokenDiff.StepDiff> steps, TokenDiff.Summary summary) {
    private static final List<String> HEADER_FIELDS =
            List.of("schema_version", "activation_diff", "a", "b", "alignment", "activation_values", "divergence");

    public static TokenDiffData load(Path file) {
        try (JsonStepsStream stream = JsonStepsStream.open(file, JsonFormat.TOKEN_DIFF, HEADER_FIELDS)) {
            TokenDiff.Header header = bind(file, stream.outsideFields(), TokenDiff.Header.class, "");
            List<TokenDiff.StepDiff> steps = new ArrayList<>();
            while (stream.hasNextStep()) {
                TokenDiff.StepDiff step = stream.nextStep(TokenDiff.StepDiff.class);
                if (step.step() != steps.size()) {
                    throw new BadInputException(file.toString(), "/steps/" + steps.size() + "/step", "must equal the array index " + steps.size());
                }
                steps.add(step);
            }
            JsonNode summary = stream.outsideFields().get("summary");
            return new TokenDiffData(header, List.copyOf(steps), summary == null ? null : bind(file, summary, TokenDiff.Summary.class, "/summary"));
        }
    }

    private static <T> T bind(Path file, JsonNode node, Class<T> type, String place) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JacksonException e) {
            throw new BadInputException(file.toString(), place.isEmpty() ? "/" : place, e.getOriginalMessage());
        }
    }

    /** The file's content as the API serves it (the same snake_case layout). */
    public ObjectNode json() {
        ObjectNode out = Json.mapper().valueToTree(header);
        out.set("steps", Json.mapper().valueToTree(steps));
        if (summary != null) out.set("summary", Json.mapper().valueToTree(summary));
        return out;
    }
}
