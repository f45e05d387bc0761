package org.tokenheatmap.formats.npz;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tokenheatmap.testkit.LineServer;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs {@code python/npz_reference.py} (numpy, jsonschema) — the independent reference for the npz tests. One Python
 * process serves every request of the test JVM (its {@code serve} mode: a JSON line in, a JSON line out), so numpy
 * is imported once instead of once per call.
 */
final class PythonReference {

    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static LineServer server;

    private PythonReference() {}

    /** The reference's result for one command, e.g. {@code run("describe", file)}; fails the test if Python fails. */
    static JsonNode run(Object... args) {
        List<String> command = Arrays.stream(args).map(String::valueOf).toList();
        JsonNode answer = JSON.readTree(server().request(JSON.writeValueAsString(command)));
        assertFalse(answer.has("error"), () -> "python failed: " + command + "\n" + answer.get("error").asString());
        return answer.get("result");
    }

    private static synchronized LineServer server() {
        if (server == null) server = Python.server(TestFiles.resource(PythonReference.class, "/python/npz_reference.py"), "serve");
        return server;
    }

    /** Flattened values of a Java array as doubles / longs / strings, comparable with the reference's "values". */
    static List<Object> values(NdArray a) {
        List<Object> out = new ArrayList<>();
        switch (a) {
            case NdArray.Float32 f -> { for (float v : f.data()) out.add((double) v); }
            case NdArray.Float16 f -> { for (float v : f.data()) out.add((double) v); }
            case NdArray.Int32 i -> { for (int v : i.data()) out.add((long) v); }
            case NdArray.Int64 i -> { for (long v : i.data()) out.add(v); }
            case NdArray.Unicode u -> out.addAll(List.of(u.data()));
        }
        return out;
    }

    static List<Object> values(JsonNode described) {
        List<Object> out = new ArrayList<>();
        for (JsonNode v : described.get("values")) {
            if (v.isString()) out.add(v.asString());
            else if (v.isIntegralNumber()) out.add(v.asLong());
            else out.add(v.asDouble());
        }
        return out;
    }

    static List<Long> shape(JsonNode described) {
        List<Long> out = new ArrayList<>();
        described.get("shape").forEach(d -> out.add(d.asLong()));
        return out;
    }

    /** Asserts that a Java array and numpy's description of the same array agree on dtype, shape and every value. */
    static void assertSameArray(String key, JsonNode described, NdArray actual) {
        String descr = NpyHeader.of(actual).descr();
        assertEquals(described.get("dtype").asString(), descr, key + " dtype");
        assertEquals(shape(described), java.util.Arrays.stream(actual.shape()).boxed().toList(), key + " shape");
        List<Object> expected = values(described), got = values(actual);
        assertEquals(expected.size(), got.size(), key + " size");
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i), g = got.get(i);
            // numpy prints float32 integers such as 1.0 as floats, but JSON may parse 1e3 as integral; compare numerically.
            if (e instanceof Number en && g instanceof Number gn) assertEquals(en.doubleValue(), gn.doubleValue(), 0.0, key + "[" + i + "]");
            else assertEquals(e, g, key + "[" + i + "]");
        }
    }
}
