package org.tokenheatmap.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class GgufWriterRoundTripTest {
    @TempDir Path dir;

    static Map<String, GgufValue> everyValueType() {
        return Map.ofEntries(
                Map.entry("u8", new GgufValue(GgufValueType.UINT8, (byte) 0xF0)),
                Map.entry("i8", new GgufValue(GgufValueType.INT8, (byte) -3)),
                Map.entry("u16", new GgufValue(GgufValueType.UINT16, (short) 0xFFFE)),
                Map.entry("i16", new GgufValue(GgufValueType.INT16, (short) -300)),
                Map.entry("u32", new GgufValue(GgufValueType.UINT32, 0xFFFFFFF0)),
                Map.entry("i32", new GgufValue(GgufValueType.INT32, -70000)),
                Map.entry("u64", new GgufValue(GgufValueType.UINT64, 1L << 40)),
                Map.entry("i64", new GgufValue(GgufValueType.INT64, -(1L << 40))),
                Map.entry("f32", new GgufValue(GgufValueType.FLOAT32, 1.5f)),
                Map.entry("f64", new GgufValue(GgufValueType.FLOAT64, Math.PI)),
                Map.entry("bool", new GgufValue(GgufValueType.BOOL, true)),
                Map.entry("str", GgufValue.ofString("héllo ▁wörld")),
                Map.entry("strs", GgufValue.ofArray(GgufValueType.STRING, new String[] {"a", "", "ü"})),
                Map.entry("floats", GgufValue.ofArray(GgufValueType.FLOAT32, new float[] {1, -2, 3.25f})),
                Map.entry("bytes", GgufValue.ofArray(GgufValueType.UINT8, new byte[] {1, (byte) 255})),
                Map.entry("nested", GgufValue.ofArray(GgufValueType.ARRAY, new GgufArray[] {
                        new GgufArray(GgufValueType.INT32, new int[] {1, 2}),
                        new GgufArray(GgufValueType.ARRAY, new GgufArray[] {new GgufArray(GgufValueType.BOOL, new boolean[] {true, false})})})));
    }

    @Test
    void metadataAndTensorsSurviveARoundTrip() throws Exception {
        Path file = dir.resolve("rt.gguf");
        GgufWriter w = new GgufWriter(64);
        everyValueType().forEach(w::put);
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = new float[40];
        for (int i = 0; i < b.length; i++) b[i] = i * 0.5f;
        w.addTensor("a", GgmlType.F32, new long[] {3, 2}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(a)));
        w.addTensor("b", GgmlType.F32, new long[] {40}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(b)));
        w.write(file);

        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(64, f.alignment());
            everyValueType().forEach((k, v) -> assertEquals(v, f.metadata().get(k), k));
            assertEquals(240, f.metadata().getInt("u8"));
            assertEquals(65534, f.metadata().getInt("u16"));
            assertEquals(1L << 40, f.metadata().getLong("u64"));
            var tooBig = assertThrows(BadInputException.class, () -> f.metadata().getInt("u64"));
            assertEquals("metadata key u64", tooBig.place());
            assertArrayEquals(new long[] {3, 2}, f.tensorInfo("a").dims());
            assertEquals(0, f.tensorInfo("b").offset() % 64);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], f.tensor("a").getFloat(i));
            for (int i = 0; i < b.length; i++) assertEquals(b[i], f.tensor("b").getFloat(i));
        }
        // The independent parser reads the same values (nested arrays included) and the same offsets.
        JsonNode py = new ObjectMapper().readTree(NumpyReference.run("info", file.toString()));
        assertEquals(4294967280L, py.get("metadata").get("u32").asLong());
        assertEquals(-(1L << 40), py.get("metadata").get("i64").asLong());
        assertEquals("héllo ▁wörld", py.get("metadata").get("str").asString());
        assertEquals(false, py.get("metadata").get("nested").get(1).get(0).get(1).asBoolean());
        assertEquals(64, py.get("metadata").get("general.alignment").asInt());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file left behind");
        }
    }
}
