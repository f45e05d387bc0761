package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.testkit.TestFiles;

/** Damaged vocabulary files fail with BadInputException naming the place, never with another exception. */
class LoaderBadInputTest {

    @Test
    void truncatedTokenizerBinNamesTheByte() throws IOException {
        byte[] good = Files.readAllBytes(TestFiles.tok512());
        BadInputException e = assertThrows(BadInputException.class,
                () -> Llama2cTokenizerLoader.parse("tok512.bin", java.util.Arrays.copyOf(good, good.length - 3)));
        assertTrue(e.place().startsWith("byte "), e.getMessage());
    }

    @Test
    void tokenLengthPastTheEndIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8).putFloat(0f).putInt(5).put((byte) 'a').put((byte) 'b');
        BadInputException e = assertThrows(BadInputException.class, () -> Llama2cTokenizerLoader.parse("x.bin", b.array()));
        assertEquals("byte 8", e.place());
    }

    @Property(tries = 500)
    void randomBytesNeverEscapeAsOtherExceptions(@ForAll byte[] data) {
        try {
            Tokenizer.of(Llama2cTokenizerLoader.parse("random.bin", data)).encode("hello");
        } catch (BadInputException expected) {
            // the only acceptable failure
        }
    }

    @Test
    void huggingFaceFileWithAGapInIdsIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"model": {"type": "BPE", "vocab": {"a": 0, "b": 2}, "merges": []},
                 "decoder": {"type": "ByteLevel"}, "pre_tokenizer": {"type": "ByteLevel"}, "added_tokens": []}""");
        BadInputException e = assertThrows(BadInputException.class, () -> HuggingFaceTokenizerLoader.load(file));
        assertTrue(e.getMessage().contains("id 2") || e.getMessage().contains("no token has id 1"), e.getMessage());
    }

    @Test
    void huggingFaceUnknownPreTokenizerIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "decoder": {"type": "ByteLevel"},
                 "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "\\\\w+"}}, "added_tokens": []}""");
        BadInputException e = assertThrows(BadInputException.class, () -> HuggingFaceTokenizerLoader.load(file));
        assertEquals("/pre_tokenizer", e.place());
    }
}
