package org.tokenheatmap.formats.npz;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.FloatMatrix;
import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.SidecarJson;
import org.tokenheatmap.formats.sidecar.SidecarValidator;
import org.tokenheatmap.formats.sidecar.Sidecars;
import org.tokenheatmap.formats.validate.FileKindValidator;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/** Sidecars against numpy (layout, an independent read_sidecar) and Python jsonschema (the seed schemas). */
class SidecarTest {

    @TempDir Path dir;
    /** numpy-written sidecars, one per (kind, mutation), made once by one python run. */
    @TempDir static Path corpus;

    @BeforeAll
    static void writeCorpus() throws Exception {
        PythonReference.run("bad-sidecars", corpus);
    }

    private static Path corpusFile(String kind, String mutation) {
        return corpus.resolve(kind + "-" + mutation + ".npz");
    }

    static AttentionSidecar attention(boolean qkv) {
        Random rnd = new Random(42);
        int heads = 4, kv = 2, dim = 3, keys = 5;
        List<AttentionSidecar.Layer> layers = new ArrayList<>();
        for (int layer : new int[] {0, 2, 7}) {
            float[] w = new float[heads * keys];
            for (int h = 0; h < heads; h++) {
                double sum = 0;
                for (int k = 0; k < keys; k++) sum += w[h * keys + k] = (float) Math.exp(rnd.nextGaussian());
                for (int k = 0; k < keys; k++) w[h * keys + k] /= (float) sum;
            }
            layers.add(new AttentionSidecar.Layer(layer, new FloatMatrix(heads, keys, w),
                    qkv ? gaussian(rnd, heads, dim) : null, qkv ? gaussian(rnd, kv, dim) : null, qkv ? gaussian(rnd, kv, dim) : null));
        }
        return new AttentionSidecar("2.0.0", 12, heads, kv, dim, layers);
    }

    static ActivationSidecar activation() {
        Random rnd = new Random(43);
        List<String> subs = List.of("resid_pre", "resid_mid", "resid_post", "o_proj", "mlp.down_proj");
        List<ActivationSidecar.Layer> layers = new ArrayList<>();
        for (int layer : new int[] {0, 3}) {
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (String s : subs) tensors.put(s, gaussian(rnd, 1, 8).values());
            layers.add(new ActivationSidecar.Layer(layer, tensors));
        }
        return new ActivationSidecar("1.0.0", 5, 4, 8, subs, List.of(0, 3), layers);
    }

    private static FloatMatrix gaussian(Random rnd, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        return new FloatMatrix(rows, cols, v);
    }

    @Test
    void attentionSidecarHasTheProductLayoutInNumpy() throws Exception {
        Path file = dir.resolve("step_000012.npz");
        Sidecars.write(file, attention(true));
        JsonNode d = PythonReference.run("describe", file);
        assertEquals(0, d.get("methods").get(0).asInt(), "numpy.savez-style stored entries");
        JsonNode a = d.get("arrays");
        assertDescribed(a, "schema_version", "<U5", List.of());
        for (String k : List.of("step", "num_attention_heads", "num_key_value_heads", "head_dim")) assertDescribed(a, k, "<i8", List.of());
        assertDescribed(a, "layers", "<i8", List.of(3L));
        assertDescribed(a, "layer_7/attention_weights", "<f4", List.of(4L, 5L));
        assertDescribed(a, "layer_7/q_last", "<f4", List.of(4L, 3L));
        assertDescribed(a, "layer_7/k_last", "<f4", List.of(2L, 3L));
        assertDescribed(a, "layer_7/v_last", "<f4", List.of(2L, 3L));
        assertEquals(6 + 3 * 4, d.get("keys").size());
    }

    @Test
    void activationSidecarHasTheProductLayoutInNumpy() throws Exception {
        Path file = dir.resolve("step_000005.npz");
        Sidecars.write(file, activation());
        JsonNode d = PythonReference.run("describe", file);
        assertEquals(8, d.get("methods").get(0).asInt(), "numpy.savez_compressed-style deflated entries");
        JsonNode a = d.get("arrays");
        for (String k : List.of("step", "num_layers", "hidden_dim")) assertDescribed(a, k, "<i8", List.of());
        assertDescribed(a, "captured_submodules", "<U13", List.of(5L));
        assertDescribed(a, "captured_layers", "<i8", List.of(2L));
        assertDescribed(a, "layer_3/mlp.down_proj", "<f4", List.of(8L));
        assertEquals(6 + 2 * 5, d.get("keys").size());
    }

    private static void assertDescribed(JsonNode arrays, String key, String dtype, List<Long> shape) {
        JsonNode a = arrays.get(key);
        assertNotNull(a, "numpy sees key " + key);
        assertEquals(dtype, a.get("dtype").asString(), key);
        assertEquals(shape, PythonReference.shape(a), key);
    }

    @ParameterizedTest
    @CsvSource({"attention-qkv", "attention", "activation"})
    void javaRenderingEqualsPythonReadSidecarAndValidatesAgainstSeedSchema(String which) throws Exception {
        Sidecar sidecar = switch (which) {
            case "attention-qkv" -> attention(true);
            case "attention" -> attention(false);
            default -> activation();
        };
        Path npz = dir.resolve(which + ".npz");
        if (sidecar instanceof AttentionSidecar a) Sidecars.write(npz, a); else Sidecars.write(npz, (ActivationSidecar) sidecar);
        Sidecar read = Sidecars.read(npz);
        Path json = dir.resolve(which + ".json");
        try (OutputStream out = Files.newOutputStream(json)) {
            SidecarJson.write(read, out);
        }
        assertJsonEquals(PythonReference.run("read-sidecar", npz), PythonReference.JSON.readTree(json.toFile()), "");
        assertEquals(List.of(), listOf(PythonReference.run("schema", schema(sidecar), json)));
        assertEquals(List.of(), SidecarValidator.schemaProblems(read, json));
    }

    @Test
    void schemaViolationsAreSeenByPythonAndJavaAlike() throws Exception {
        AttentionSidecar good = attention(false);
        AttentionSidecar negativeStep = new AttentionSidecar("2.0.0", -1, 4, 2, 3, good.layers());
        Path json = dir.resolve("bad.json");
        try (OutputStream out = Files.newOutputStream(json)) {
            SidecarJson.write(negativeStep, out);
        }
        List<String> python = listOf(PythonReference.run("schema", schema(negativeStep), json));
        List<Problem> java = SidecarValidator.schemaProblems(negativeStep, json);
        assertEquals(1, python.size(), python::toString);
        assertTrue(python.getFirst().startsWith("step:"), python::toString);
        assertEquals(1, java.size(), java::toString);
        assertEquals("/step", java.getFirst().place());
    }

    @Test
    void validatorsAreRegisteredAndAcceptNumpyWrittenSidecars() throws Exception {
        Map<String, FileKindValidator> byKind = new LinkedHashMap<>();
        ServiceLoader.load(FileKindValidator.class).forEach(v -> byKind.put(v.kind(), v));
        FileKindValidator att = byKind.get("attention-sidecar"), act = byKind.get("activation-sidecar");
        assertNotNull(att);
        assertNotNull(act);
        Path a = corpusFile("attention", "valid"), b = corpusFile("activation", "valid");
        assertTrue(att.recognises(a, head(a)));
        assertFalse(act.recognises(a, head(a)));
        assertTrue(act.recognises(b, head(b)));
        assertEquals(List.of(), att.validate(a));
        assertEquals(List.of(), act.validate(b));
        assertEquals(3, ((AttentionSidecar) Sidecars.read(a)).step());
    }

    @Test
    void missingQkvReadsBackAsNull() throws Exception {
        Path file = corpusFile("attention", "no-qkv");
        AttentionSidecar s = (AttentionSidecar) Sidecars.read(file);
        assertNull(s.layers().getFirst().qLast());
        assertTrue(SidecarJson.toTree(s).get("layers").get(0).get("k_last").isNull());
        assertEquals(List.of(), new SidecarValidator.Attention().validate(file));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "attention|row-sum|layer_2/attention_weights|head 1: weights sum to",
            "attention|q-shape|layer_0/q_last|shape [4, 5] differs from the expected [4, 3]",
            "attention|k-shape|layer_2/k_last|shape [4, 3] differs from the expected [2, 3]",
            "attention|unknown-major|schema_version|unsupported attention-sidecar schema major version 3",
            "attention|not-semver|schema_version|not a semver version",
            "attention|layers-order|layers|not ascending: 0 follows 2",
            "attention|missing-weights|layer_2/attention_weights|missing key",
            "activation|vector-length|layer_3/resid_pre|vector length 5 differs from hidden_dim 6",
            "activation|missing-submodule|layer_1/mlp.down_proj|missing key",
            "activation|duplicate-layers|captured_layers|layer 3 appears twice",
            "activation|step-float|step|expected a 0-d integer, found <f4 ()",
            "activation|extra-key|layer_9/resid_pre|unexpected key",
            "activation|unknown-major|schema_version|unsupported activation-sidecar schema major version 3",
    })
    void semanticProblemsAreReported(String kind, String mutation, String place, String reason) throws Exception {
        Path file = corpusFile(kind, mutation);
        FileKindValidator validator = kind.equals("attention") ? new SidecarValidator.Attention() : new SidecarValidator.Activation();
        List<Problem> problems = validator.validate(file);
        assertTrue(problems.stream().anyMatch(p -> p.place().equals(place) && p.reason().contains(reason)),
                () -> "expected " + place + ": " + reason + " in " + problems);
    }

    @Test
    void unknownMajorVersionIsAHardReadFailure() throws Exception {
        Path file = corpusFile("attention", "unknown-major");
        BadInputException e = assertThrows(BadInputException.class, () -> Sidecars.read(file));
        assertEquals("schema_version", e.place());
        assertTrue(e.reason().contains("this reader understands 2.x.y"), e.getMessage());
    }

    @Test
    void emptyMatrixWithAnExtentBeyondIntIsBadInput() throws Exception {
        Path file = dir.resolve("wide.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("schema_version", NdArray.scalar("2.0.0"));
        arrays.put("step", NdArray.scalar(0L));
        arrays.put("num_attention_heads", NdArray.scalar(1L));
        arrays.put("layers", NdArray.of(new long[] {0}, 1));
        arrays.put("layer_0/attention_weights", new NdArray.Float32(new long[] {0, 3_000_000_000L}, new float[0]));
        NpzWriter.write(file, NpzWriter.Compression.STORED, arrays);
        BadInputException e = assertThrows(BadInputException.class, () -> Sidecars.read(file));
        assertEquals("layer_0/attention_weights", e.place());
        assertEquals("expected a 2-d float32 array, found <f4 (0, 3000000000)", e.reason());
    }

    @Test
    void writerRefusesAnInvalidSidecarAndLeavesNoFile() {
        AttentionSidecar good = attention(true);
        var l = good.layers().getFirst();
        float[] bad = l.attentionWeights().values().clone();
        bad[0] += 0.5f;
        AttentionSidecar broken = new AttentionSidecar("2.0.0", 1, 4, 2, 3, List.of(new AttentionSidecar.Layer(
                0, new FloatMatrix(4, 5, bad), l.qLast(), l.kLast(), l.vLast())));
        Path file = dir.resolve("broken.npz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sidecars.write(file, broken));
        assertTrue(e.getMessage().contains("layer_0/attention_weights"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    private static byte[] head(Path file) throws java.io.IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(65536);
        }
    }

    private static Path schema(Sidecar sidecar) {
        return TestFiles.resource(SidecarTest.class, "/org/tokenheatmap/formats/schemas/" + sidecar.kind().schemaFile());
    }

    private static List<String> listOf(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    /** Structural JSON equality where numbers are compared as float32 (Python prints them as doubles). */
    static void assertJsonEquals(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber()) {
            assertTrue(actual.isNumber(), path);
            assertEquals((float) expected.asDouble(), (float) actual.asDouble(), path);
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), path);
            assertEquals(expected.size(), actual.size(), path);
            for (int i = 0; i < expected.size(); i++) assertJsonEquals(expected.get(i), actual.get(i), path + "/" + i);
        } else if (expected.isObject()) {
            assertTrue(actual.isObject(), path);
            assertEquals(expected.propertyNames(), actual.propertyNames(), path);
            for (String name : expected.propertyNames()) assertJsonEquals(expected.get(name), actual.get(name), path + "/" + name);
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
