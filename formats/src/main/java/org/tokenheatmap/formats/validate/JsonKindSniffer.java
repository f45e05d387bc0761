package org.tokenheatmap.formats.validate;

import java.util.HashSet;
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

    /** The format whose distinctive names appear in the head, if exactly one does. */
    static JsonFormat detect(byte[] head) {
        Set<String> n = names(head);
        boolean trace = n.contains("model") || n.contains("tokenizer") || n.contains("generation")
                || n.contains("prompt_tokens") || n.contains("summary") || n.contains("steps/top_k");
        boolean activation = n.contains("activation_metadata") || n.contains("steps/activations");
        boolean diff = n.contains("alignment") || n.contains("steps/delta");
        int hits = (trace ? 1 : 0) + (activation ? 1 : 0) + (diff ? 1 : 0);
        if (hits != 1) {
            return null;
        }
        return trace ? JsonFormat.TRACE : activation ? JsonFormat.ACTIVATION_TRACE : JsonFormat.ACTIVATION_DIFF;
    }
}
