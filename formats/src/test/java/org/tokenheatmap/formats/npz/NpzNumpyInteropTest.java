package org.tokenheatmap.formats.npz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.formats.npz.PythonReference.assertSameArray;

/** Java-written archives load in numpy, and numpy-written archives load in Java, with equal keys, dtypes, shapes and values. */
class NpzNumpyInteropTest {

    @TempDir Path dir;

    static Map<String, NdArray> sampleArrays() {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("schema_version", NdArray.scalar("2.0.0"));
        m.put("step", NdArray.scalar(12L));
        m.put("matrix", NdArray.of(new float[] {0.1f, -2.5f, Float.MIN_VALUE, Float.MAX_VALUE, 3e-39f, -0f}, 2, 3));
        m.put("half", new NdArray.Float16(new long[] {7},
                new float[] {0f, -1.5f, 65504f, 5.9604645e-8f, Float.POSITIVE_INFINITY, 0.333251953125f, -2f}));
        m.put("ints", NdArray.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 1, 2));
        m.put("longs", NdArray.of(new long[] {Long.MIN_VALUE, 1L << 53 | 1, Long.MAX_VALUE}, 3));
        m.put("captured_submodules", NdArray.strings("resid_pre", "mlp.down_proj", "ünïcödé 😀", ""));
        m.put("empty", NdArray.of(new float[0], 0, 4));
        m.put("layer_12/attention_weights", NdArray.of(new float[] {0.5f, 0.5f, 1f, 0f}, 2, 2));
        return m;
    }

    @ParameterizedTest
    @CsvSource({"STORED,false", "DEFLATED,false", "STORED,true", "DEFLATED,true"})
    void javaWrittenArchiveLoadsInNumpy(NpzWriter.Compression compression, boolean zip64) throws Exception {
        Path file = dir.resolve("java.npz");
        Map<String, NdArray> arrays = sampleArrays();
        NpzWriter.Options options = NpzWriter.Options.of(compression);
        try (NpzWriter w = NpzWriter.create(file, zip64 ? options.withForceZip64() : options)) {
            for (var e : arrays.entrySet()) w.put(e.getKey(), e.getValue());
            w.finish();
        }
        JsonNode described = PythonReference.run("describe", file);
        assertEquals(List.copyOf(arrays.keySet()), described.get("keys").valueStream().map(JsonNode::asString).toList());
        for (var e : arrays.entrySet()) assertSameArray(e.getKey(), described.get("arrays").get(e.getKey()), e.getValue());
        assertEquals(zip64, described.get("zip64").asBoolean(), "ZIP64 extra fields present");
        assertEquals(compression == NpzWriter.Compression.STORED ? 0 : 8, described.get("methods").get(0).asInt());
        // And our own reader agrees with what it wrote, ZIP64 or not.
        try (NpzReader r = NpzReader.open(file)) {
            for (var e : arrays.entrySet()) assertSameArray(e.getKey(), described.get("arrays").get(e.getKey()), r.get(e.getKey()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stored", "compressed"})
    void numpyWrittenArchiveLoadsInJava(String mode) throws Exception {
        Path file = dir.resolve("numpy.npz");
        JsonNode described = PythonReference.run("make", file, mode);
        try (NpzReader r = NpzReader.open(file)) {
            List<String> keys = described.get("keys").valueStream().map(JsonNode::asString).toList();
            assertEquals(keys, r.keys());
            for (String key : keys) assertSameArray(key, described.get("arrays").get(key), r.get(key));
            assertEquals("<f4 (3, 5)", r.header("f32").toString());
        }
    }

    @Test
    void moreThan65535EntriesSwitchToZip64EndRecordsThatNumpyReads() throws Exception {
        Path file = dir.resolve("many.npz");
        int n = 0x10000 + 5;
        try (NpzWriter w = NpzWriter.create(file, NpzWriter.Compression.STORED)) {
            for (int i = 0; i < n; i++) w.put("k" + i, NdArray.scalar(i));
            w.finish();
        }
        JsonNode counted = PythonReference.run("count", file, "k" + (n - 1));
        assertEquals(n, counted.get("count").asInt());
        assertEquals(n - 1, counted.get("values").asInt());
        assertTrue(counted.get("zip64_end").asBoolean());
        try (NpzReader r = NpzReader.open(file)) {
            assertEquals(n, r.keys().size());
            assertEquals(n - 1, ((NdArray.Int64) r.get("k" + (n - 1))).data()[0]);
        }
    }

    @Test
    void storedEntriesOfNumpyArchivesCanBeMappedAndSliced() throws Exception {
        Path file = dir.resolve("numpy.npz");
        JsonNode f32 = PythonReference.run("make", file, "stored").get("arrays").get("f32");
        List<Object> values = PythonReference.values(f32);
        try (NpzReader r = NpzReader.open(file); var arena = java.lang.foreign.Arena.ofConfined()) {
            MappedArray mapped = r.map("f32", arena);
            assertEquals("<f4 (3, 5)", mapped.header().toString());
            float[] row1 = mapped.floats(5, 5);
            for (int i = 0; i < 5; i++) assertEquals(((Number) values.get(5 + i)).floatValue(), row1[i]);
            assertEquals(List.of(-1.5, 65504.0), List.of((double) r.map("f16", arena).floats(1, 2)[0], (double) r.map("f16", arena).floats(2, 1)[0]));
        }
    }

    @Test
    void npyFilesRoundTripWithNumpy() throws Exception {
        Path javaFile = dir.resolve("java.npy");
        NdArray array = sampleArrays().get("matrix");
        Npy.save(javaFile, array);
        assertSameArray("java.npy", PythonReference.run("describe", javaFile), array);

        JsonNode versions = PythonReference.run("npy-versions", dir);
        assertEquals(3, versions.size());
        for (var e : versions.properties()) assertSameArray(e.getKey(), e.getValue(), Npy.load(Path.of(e.getKey())));
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("a.npz");
        try (NpzWriter w = NpzWriter.create(file, NpzWriter.Compression.STORED)) {
            w.put("x", NdArray.scalar(1L));
            assertFalse(Files.exists(file), "target must not appear before finish()");
            // no finish(): closing discards the partial archive
        }
        assertFalse(Files.exists(file));
        NpzWriter.write(file, NpzWriter.Compression.STORED, Map.of("x", NdArray.scalar(2L)));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
        try (NpzReader r = NpzReader.open(file)) {
            assertTrue(r.contains("x"));
            assertEquals(2L, ((NdArray.Int64) r.get("x")).data()[0]);
        }
    }
}
