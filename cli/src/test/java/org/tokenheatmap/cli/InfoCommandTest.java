package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.testkit.TestFiles;

/** {@code heatmap info} against the facts published in models/README.md for stories260K. */
class InfoCommandTest {

    @Test
    void describesGgufAndLlama2cCheckpoint() {
        Path bin = TestFiles.stories260kBin();
        for (Path model : new Path[] {bin.resolveSibling("stories260K.gguf"), bin}) {
            CliRun r = heatmap("info", model.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().matches("(?s).*layers: +5\n.*"), r.out());
            assertTrue(r.out().contains("embedding:       64 (feed-forward 172)"), r.out());
            assertTrue(r.out().contains("8 query, 4 key/value"), r.out());
            assertTrue(r.out().contains("rope:            8 dims"), r.out());
            String source = model == bin ? "tok512.bin" : "stories260K.gguf"; // the checkpoint's tokenizer lies beside it
            assertTrue(r.out().contains("tokenizer:       SentencePiece BPE, 512 tokens, from " + source), r.out());
        }
        CliRun gguf = heatmap("info", bin.resolveSibling("stories260K.gguf").toString());
        assertTrue(gguf.out().contains("context length:  2048"), gguf.out());
        assertTrue(gguf.out().contains("tensor types:    48 F32"), gguf.out());
    }

    @Test
    void badFileExitsWithOne(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "definitely not a model file, but long enough to hold a header");
        CliRun r = heatmap("info", junk.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("heatmap: " + junk), r.err());
    }
}
