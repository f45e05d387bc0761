package org.tokenheatmap.formats.npz;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs {@code python/npz_reference.py} (numpy, jsonschema) — the independent reference for the npz tests. */
final class PythonReference {

    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private PythonReference() {}

    static JsonNode run(Object... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("heatmap.repo", "."))
                .resolve("formats/src/test/resources/python/npz_reference.py");
        assertTrue(Files.exists(script), "missing " + script);
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        for (Object a : args) command.add(String.valueOf(a));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python timed out: " + command);
        }
        assertEquals(0, p.exitValue(), () -> "python failed: " + command);
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
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
