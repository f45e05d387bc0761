package org.tokenheatmap.formats.npz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.*;

/** Both durabilities publish by rename only: the target holds all bytes or does not exist, and no sibling stays. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AtomicFile.Durability.class)
    void commitPublishesTheWholeFileAndLeavesNoSibling(AtomicFile.Durability durability) throws Exception {
        Path target = dir.resolve("out.bin");
        try (AtomicFile f = AtomicFile.create(target, durability)) {
            f.channel().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            assertFalse(Files.exists(target), "visible before commit");
            f.commit();
        }
        assertEquals("hello", Files.readString(target));
        assertEquals(1, count(dir));
    }

    @ParameterizedTest
    @EnumSource(AtomicFile.Durability.class)
    void closingWithoutCommitLeavesNothing(AtomicFile.Durability durability) throws Exception {
        try (AtomicFile f = AtomicFile.create(dir.resolve("out.bin"), durability)) {
            f.channel().write(ByteBuffer.wrap(new byte[100]));
        }
        assertEquals(0, count(dir));
    }

    @Test
    void deferredNpzReadsBack() throws Exception {
        Path target = dir.resolve("a.npz");
        try (NpzWriter w = NpzWriter.create(target, NpzWriter.Options.of(NpzWriter.Compression.DEFLATED), AtomicFile.Durability.DEFERRED)) {
            w.put("x", NdArray.of(new float[] {1, 2, 3}, 3));
            w.finish();
        }
        try (NpzReader r = NpzReader.open(target)) {
            assertTrue(r.contains("x"));
        }
        assertEquals(1, count(dir));
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
