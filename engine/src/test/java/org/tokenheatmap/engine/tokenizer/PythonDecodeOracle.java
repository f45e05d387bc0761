package org.tokenheatmap.engine.tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

/** Runs decode_oracle.py (python3): token bytes read from the vocabulary files, UTF-8 decoded by Python. */
final class PythonDecodeOracle {
    record Decoded(String text, int[] offsets) {}

    private PythonDecodeOracle() {}

    static List<Decoded> decode(String format, List<Path> files, int bos, List<int[]> sequences) {
        Path script = TestFiles.resource(PythonDecodeOracle.class, "decode_oracle.py");
        String request = Json.mapper().writeValueAsString(Map.of(
                "format", format, "files", files.stream().map(Path::toString).toList(), "bos", bos, "sequences", sequences));
        JsonNode results = Json.mapper().readTree(Python.script(script).in(script.getParent()).withStdin(request).run());
        return results.valueStream().map(r -> new Decoded(r.path("text").stringValue(),
                r.path("offsets").valueStream().mapToInt(JsonNode::intValue).toArray())).toList();
    }
}
