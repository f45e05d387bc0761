package org.tokenheatmap.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.testkit.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads the real stories260K.gguf and checks it against its README, the numpy parser and the llama2.c checkpoint. */
class GgufStoriesTest {
    @Test
    void metadataMatchesTheModelReadme() {
        try (GgufFile f = GgufFile.open(TestFiles.stories260kGguf())) {
            GgufMetadata m = f.metadata();
            assertEquals(3, f.version());
            assertEquals("llama", m.getString("general.architecture"));
            assertEquals(64, m.getInt("llama.embedding_length"));
            assertEquals(172, m.getInt("llama.feed_forward_length"));
            assertEquals(5, m.getInt("llama.block_count"));
            assertEquals(8, m.getInt("llama.attention.head_count"));
            assertEquals(4, m.getInt("llama.attention.head_count_kv"));
            assertEquals(8, m.getInt("llama.rope.dimension_count"));
            assertEquals(2048, m.getInt("llama.context_length"));
            assertEquals(1e-5f, m.getFloat("llama.attention.layer_norm_rms_epsilon"));
            assertEquals(1, m.getInt("tokenizer.ggml.bos_token_id"));
            assertEquals(2, m.getInt("tokenizer.ggml.eos_token_id"));
            assertEquals("llama", m.getString("tokenizer.ggml.model"));
            String[] tokens = m.getStringArray("tokenizer.ggml.tokens");
            assertEquals(512, tokens.length);
            assertEquals(512, m.getFloatArray("tokenizer.ggml.scores").length);
            assertEquals(512, m.getIntArray("tokenizer.ggml.token_type").length);
            assertEquals(4294967295L, m.getLong("tokenizer.ggml.padding_token_id"));
        }
    }

    @Test
    void typedAccessorsNameTheKeyOnError() {
        try (GgufFile f = GgufFile.open(TestFiles.stories260kGguf())) {
            var missing = assertThrows(BadInputException.class, () -> f.metadata().getInt("llama.nope"));
            assertEquals("metadata key llama.nope", missing.place());
            var wrongType = assertThrows(BadInputException.class, () -> f.metadata().getString("llama.block_count"));
            assertEquals("metadata key llama.block_count", wrongType.place());
            assertEquals(-1, f.metadata().getTokenId("tokenizer.ggml.padding_token_id", 0, 512), "UINT32 0xFFFFFFFF is 'no token'");
            var notArray = assertThrows(BadInputException.class, () -> f.metadata().getFloatArray("tokenizer.ggml.tokens"));
            assertEquals("metadata key tokenizer.ggml.tokens", notArray.place());
            assertThrows(BadInputException.class, () -> f.tensor("blk.99.attn_q.weight"));
        }
    }

    @Test
    void tensorShapes() {
        try (GgufFile f = GgufFile.open(TestFiles.stories260kGguf())) {
            assertEquals(3 + 5 * 9, f.tensors().size());
            assertArrayEquals(new long[] {64, 512}, f.tensorInfo("token_embd.weight").dims());
            assertArrayEquals(new long[] {64, 64}, f.tensorInfo("blk.0.attn_q.weight").dims());
            assertArrayEquals(new long[] {64, 32}, f.tensorInfo("blk.4.attn_k.weight").dims());
            assertArrayEquals(new long[] {64, 172}, f.tensorInfo("blk.2.ffn_up.weight").dims());
            assertArrayEquals(new long[] {172, 64}, f.tensorInfo("blk.2.ffn_down.weight").dims());
            assertArrayEquals(new long[] {64}, f.tensorInfo("output_norm.weight").dims());
            f.tensors().forEach(t -> assertEquals(GgmlType.F32, t.type()));
        }
    }

    /** Every metadata value and tensor info equals what the independent Python parser reads. */
    @Test
    void agreesWithNumpyParser() throws Exception {
        JsonNode py = new ObjectMapper().readTree(NumpyReference.run("info", TestFiles.stories260kGguf()));
        try (GgufFile f = GgufFile.open(TestFiles.stories260kGguf())) {
            assertEquals(py.get("version").asInt(), f.version());
            assertEquals(py.get("metadata").size(), f.metadata().keys().size());
            for (String key : f.metadata().keys()) {
                JsonNode expected = py.get("metadata").get(key);
                GgufValue v = f.metadata().get(key);
                switch (v.value()) {
                    case String s -> assertEquals(expected.asString(), s, key);
                    case Float x -> assertEquals(expected.asDouble(), x, 1e-12, key);
                    case GgufArray a -> assertArrayHead(expected, a, key);
                    default -> assertEquals(expected.asLong(), v.asLong().getAsLong(), key);
                }
            }
            Iterator<JsonNode> pyTensors = py.get("tensors").iterator();
            for (GgufTensorInfo t : f.tensors()) {
                JsonNode e = pyTensors.next();
                assertEquals(e.get("name").asString(), t.name());
                assertEquals(e.get("type").asString(), t.type().name());
                assertEquals(e.get("offset").asLong(), t.offset());
                List<Long> dims = new java.util.ArrayList<>();
                e.get("dims").forEach(d -> dims.add(d.asLong()));
                assertEquals(dims, java.util.Arrays.stream(t.dims()).boxed().toList());
            }
        }
    }

    private static void assertArrayHead(JsonNode expected, GgufArray a, String key) {
        assertEquals(expected.get("length").asInt(), a.length(), key);
        for (int i = 0; i < 8; i++) {
            Object v = java.lang.reflect.Array.get(a.values(), i);
            JsonNode e = expected.get("first").get(i);
            if (v instanceof String s) assertEquals(e.asString(), s, key + "[" + i + "]");
            else assertEquals(e.asDouble(), ((Number) v).doubleValue(), 0, key + "[" + i + "]");
        }
    }

    /** The llama2.c checkpoint holds the same weights; its header is 7 int32, then the embedding table. */
    @Test
    void embeddingEqualsLlama2cCheckpointAndOutputIsTied() throws IOException {
        ByteBuffer bin = ByteBuffer.wrap(Files.readAllBytes(TestFiles.stories260kBin())).order(ByteOrder.LITTLE_ENDIAN);
        int dim = bin.getInt(0);
        int vocab = Math.abs(bin.getInt(20));
        try (GgufFile f = GgufFile.open(TestFiles.stories260kGguf())) {
            FloatTensor embd = f.tensor("token_embd.weight");
            FloatTensor out = f.tensor("output.weight");
            assertEquals((long) dim * vocab, embd.size());
            for (int i = 0; i < dim * vocab; i++) {
                float expected = bin.getFloat(28 + 4 * i);
                assertEquals(expected, embd.getFloat(i));
                assertEquals(expected, out.getFloat(i));
            }
        }
    }
}
