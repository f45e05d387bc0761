package org.tokenheatmap.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.formats.BadInputException;

/** Hand-made damaged safetensors files and model directories: each is rejected with the place that is wrong. */
class SafetensorsCorruptFileTest {

    @TempDir
    Path dir;

    /** A valid file: tensor "a" is F32 [2, 3] at bytes 0..24 of the data section, "b" F16 [4] at 24..32. */
    private static final String VALID = """
            {"__metadata__":{"format":"pt"},\
            "a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
            "b":{"dtype":"F16","shape":[4],"data_offsets":[24,32]}}""";

    @Test
    void validFileReadsItsValues() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(write(header(VALID), 32))) {
            SafetensorsTensor a = f.tensors().get("a");
            assertEquals(SafetensorsDtype.F32, a.dtype());
            assertEquals("[2, 3]", Arrays.toString(a.shape()));
            assertEquals(5f, a.toFloatTensor().getFloat(5));
            assertEquals(2f, f.tensors().get("b").toFloatTensor().getFloat(2));
        }
    }

    @Test
    void truncatedDataSection() throws IOException {
        BadInputException e = rejected(write(header(VALID), 30));
        assertEquals("tensor b", e.place());
        assertTrue(e.reason().contains("data section"), e.reason());
    }

    @Test
    void tooShortForTheHeaderLength() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 0, 0});
        assertEquals("byte 0", rejected(p).place());
    }

    @Test
    void headerLengthBeyondEndOfFile() throws IOException {
        byte[] file = Files.readAllBytes(write(header(VALID), 32));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, file.length);
        Path p = Files.write(dir.resolve("long.safetensors"), file);
        BadInputException e = rejected(p);
        assertEquals("byte 0", e.place());
        assertTrue(e.reason().contains("past the end"), e.reason());
    }

    @Test
    void absurdHeaderLength() throws IOException {
        byte[] file = new byte[64];
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        BadInputException e = rejected(Files.write(dir.resolve("huge.safetensors"), file));
        assertTrue(e.reason().contains("outside"), e.reason());
    }

    @Test
    void overlappingOffsets() throws IOException {
        BadInputException e = rejected(write(header("""
                {"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
                "b":{"dtype":"F16","shape":[4],"data_offsets":[16,24]}}"""), 32));
        assertEquals("tensor b", e.place());
        assertTrue(e.reason().contains("overlap tensor a"), e.reason());
    }

    @Test
    void shapeDisagreesWithByteLength() throws IOException {
        BadInputException e = rejected(write(header("""
                {"a":{"dtype":"F32","shape":[3,3],"data_offsets":[0,24]}}"""), 24));
        assertEquals("tensor a", e.place());
        assertTrue(e.reason().contains("[3, 3]"), e.reason());
    }

    @Test
    void unknownDtype() throws IOException {
        BadInputException e = rejected(write(header("""
                {"q":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}}"""), 4));
        assertEquals("tensor q", e.place());
        assertTrue(e.reason().contains("I8"), e.reason());
    }

    @Test
    void negativeOrFractionalOffsets() throws IOException {
        assertEquals("tensor a data_offsets[0]", rejected(write(header("""
                {"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"""), 4)).place());
        assertEquals("tensor a shape[0]", rejected(write(header("""
                {"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"""), 4)).place());
    }

    @Test
    void headerIsNotJson() throws IOException {
        BadInputException e = rejected(write(header("{\"a\": [1, 2"), 0));
        assertEquals("header", e.place());
        assertTrue(e.reason().startsWith("not JSON"), e.reason());
    }

    @Test
    void duplicateTensorName() throws IOException {
        BadInputException e = rejected(write(header("""
                {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\
                "a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"""), 4));
        assertEquals("header", e.place());
        assertTrue(e.reason().contains("Duplicate"), e.reason());
    }

    @Test
    void directoryWithShardEscapingIt() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type":"llama","hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,
                 "num_attention_heads":2,"vocab_size":4,"max_position_embeddings":8}""");
        Files.writeString(dir.resolve(SafetensorsModel.INDEX), """
                {"weight_map":{"model.norm.weight":"../elsewhere.safetensors"}}""");
        BadInputException e = assertThrows(BadInputException.class, () -> LoadedModel.open(dir));
        assertEquals("/weight_map/model.norm.weight", e.place());
    }

    @Test
    void directoryWithUnsupportedModelType() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"mamba\"}");
        assertEquals("/model_type", assertThrows(BadInputException.class, () -> LoadedModel.open(dir)).place());
    }

    private static byte[] header(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Header length, header, then {@code dataBytes} bytes whose float32 words (and f16 halves) count 0, 1, 2, ... */
    private Path write(byte[] header, int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        ByteBuffer data = ByteBuffer.allocate(Math.max(dataBytes, 32)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) data.putFloat(i);
        for (int i = 0; i < 4; i++) data.putShort(Float.floatToFloat16(i));
        out.write(data.array(), 0, dataBytes);
        return Files.write(dir.resolve("t.safetensors"), out.toByteArray());
    }

    private static BadInputException rejected(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> SafetensorsFile.open(file).close());
        assertEquals(file.toString(), e.file());
        return e;
    }
}
