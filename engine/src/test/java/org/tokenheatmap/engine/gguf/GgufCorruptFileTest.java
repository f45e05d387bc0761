package org.tokenheatmap.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;

/** Broken GGUF files must fail with a BadInputException that says where and why, never with anything else. */
class GgufCorruptFileTest {
    @TempDir static Path dir;
    static byte[] valid;
    /** Byte offsets inside {@link #valid}. */
    static final int VERSION = 4, TENSOR_COUNT = 8, KV_COUNT = 16, FIRST_KEY_LENGTH = 24;

    @BeforeAll
    static void writeValidFile() throws IOException {
        Path p = dir.resolve("valid.gguf");
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString("llama"));
        w.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufValueType.STRING, new String[] {"a", "b", "c"}));
        w.addTensor("blk.0.attn_q.weight", GgmlType.F32, new long[] {32, 2}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(new float[64])));
        w.addTensor("blk.0.q8", GgmlType.Q8_0, new long[] {64}, GgufWriter.TensorBytes.of(MemorySegment.ofArray(new byte[68])));
        w.write(p);
        valid = Files.readAllBytes(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertTrue(f.hasTensor("blk.0.q8"));
        }
    }

    static BadInputException reject(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "bad", ".gguf");
        Files.write(p, bytes);
        return assertThrows(BadInputException.class, () -> GgufFile.open(p).close());
    }

    static byte[] with(int offset, long value, int width) {
        byte[] b = valid.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 4) buf.putInt(offset, (int) value); else buf.putLong(offset, value);
        return b;
    }

    /** Offset of the tensor info fields that follow {@code name}'s bytes. */
    static int afterName(String name) {
        byte[] n = name.getBytes();
        outer:
        for (int i = 0; i < valid.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) if (valid[i + j] != n[j]) continue outer;
            return i + n.length;
        }
        throw new AssertionError(name);
    }

    static void assertMentions(BadInputException e, String place, String reason) {
        assertTrue(e.place().contains(place), () -> "place '" + e.place() + "' should mention " + place);
        assertTrue(e.reason().contains(reason), () -> "reason '" + e.reason() + "' should mention " + reason);
    }

    @Test
    void badMagic() throws IOException {
        assertMentions(reject(with(0, 0x46554746, 4)), "byte 0", "magic");
    }

    @Test
    void unsupportedVersion() throws IOException {
        assertMentions(reject(with(VERSION, 1, 4)), "byte 4", "version 1");
        assertMentions(reject(with(VERSION, 4, 4)), "byte 4", "version 4");
    }

    @Test
    void absurdCounts() throws IOException {
        assertMentions(reject(with(TENSOR_COUNT, Long.MAX_VALUE, 8)), "byte", "tensor count");
        assertMentions(reject(with(KV_COUNT, -1L, 8)), "byte", "metadata count");
        assertMentions(reject(with(FIRST_KEY_LENGTH, 1L << 40, 8)), "byte 24", "runs past the end");
    }

    @Test
    void hugeArrayCount() throws IOException {
        int tokensKey = afterName("tokenizer.ggml.tokens");
        assertMentions(reject(with(tokensKey + 8, 1L << 33, 8)), "metadata key tokenizer.ggml.tokens", "impossible");
    }

    @Test
    void tensorProblems() throws IOException {
        int q = afterName("blk.0.attn_q.weight");
        // layout after the name: rank u32, dims u64 x rank, type u32, offset u64
        assertMentions(reject(with(q, 9, 4)), "tensor blk.0.attn_q.weight", "rank 9");
        assertMentions(reject(with(q + 4, 0, 8)), "tensor blk.0.attn_q.weight", "dimension 0");
        assertMentions(reject(with(q + 4 + 8, 1L << 62, 8)), "tensor blk.0.attn_q.weight", "");
        assertMentions(reject(with(q + 20, 77, 4)), "tensor blk.0.attn_q.weight", "unknown ggml type 77");
        assertMentions(reject(with(q + 24, 1L << 20, 8)), "tensor blk.0.attn_q.weight", "past the end");
        assertMentions(reject(with(q + 24, 4, 8)), "tensor blk.0.attn_q.weight", "alignment");
        int q8 = afterName("blk.0.q8");
        assertMentions(reject(with(q8 + 4, 48, 8)), "tensor blk.0.q8", "block size");
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        for (int len = 0; len < valid.length; len += (len < 400 ? 1 : 37)) {
            byte[] cut = java.util.Arrays.copyOf(valid, len);
            reject(cut);
        }
    }

    /** Bounded mutation fuzz: random byte flips either parse or fail cleanly; no other exception, no hang. */
    @Test
    void mutatedHeadersFailCleanly() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        int headerLength = valid.length - 64 * 4 - 68;
        Path p = dir.resolve("mutant.gguf");
        for (int i = 0; i < 1500; i++) {
            byte[] m = valid.clone();
            for (int k = random.nextInt(1, 4); k > 0; k--) {
                m[random.nextInt(headerLength)] = (byte) random.nextInt(256);
            }
            Files.write(p, m);
            try (GgufFile f = GgufFile.open(p)) {
                for (GgufTensorInfo t : f.tensors()) {
                    if (t.type().isSupported()) f.tensor(t.name()).getFloat(t.elementCount() - 1);
                }
            } catch (BadInputException expected) {
                // clean rejection
            }
        }
    }
}
