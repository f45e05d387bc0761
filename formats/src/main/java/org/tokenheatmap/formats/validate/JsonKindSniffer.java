package org.tokenheatmap.formats.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Tells the JSON formats apart by content: the member names of the top-level object and of the first
 * step, read from the head of a file (which may end mid-document). Never throws.
 */
final class JsonKindSniffer {
    private JsonKindSniffer() {}

    /** Names seen in the head: top-level names as-is, names inside the first step prefixed with "steps/". */
    static Set<String> names(byte[] head) {
        Set<String> names = new HashSet<>();
        try (JsonParser p = Json.mapper().createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return names;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                names.add(name);
                JsonToken value = p.nextToken();
                if (JsonFormat.STEPS.equals(name) && value == JsonToken.START_ARRAY) {
                    if (p.nextToken() == JsonToken.START_OBJECT) {
                        collectFirstStepNames(p, names);
                    }
                    p.skipChildren();
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException | IllegalStateException e) {
            // The head ends mid-document or the content is not JSON: judge by what was seen.
        }
        return names;
    }

    private static void collectFirstStepNames(JsonParser p, Set<String> names) {
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            names.add("steps/" + p.currentName());
            p.nextToken();
            p.skipChildren();
        }
    }

    /**
     * The format whose distinctive names appear in the head, if exactly one does. The token diff shares
     * {@code summary} with the trace and {@code alignment} with the activation diff, so those two names count
     * only when nothing names a token diff.
     */
    static JsonFormat detect(byte[] head) {
        Set<String> n = names(head);
        boolean tokenDiff = n.contains("activation_diff") || n.contains("activation_values") || n.contains("divergence")
                || n.contains("steps/js_divergence") || n.contains("steps/top1_agrees");
        boolean trace = n.contains("model") || n.contains("tokenizer") || n.contains("generation")
                || n.contains("prompt_tokens") || n.contains("steps/top_k") || n.contains("summary") && !tokenDiff;
        boolean activation = n.contains("activation_metadata") || n.contains("steps/activations");
        boolean diff = n.contains("steps/delta") || n.contains("alignment") && !tokenDiff;
        List<JsonFormat> hits = new ArrayList<>(1);
        if (trace) hits.add(JsonFormat.TRACE);
        if (activation) hits.add(JsonFormat.ACTIVATION_TRACE);
        if (diff) hits.add(JsonFormat.ACTIVATION_DIFF);
        if (tokenDiff) hits.add(JsonFormat.TOKEN_DIFF);
        return hits.size() == 1 ? hits.getFirst() : null;
    }
}
