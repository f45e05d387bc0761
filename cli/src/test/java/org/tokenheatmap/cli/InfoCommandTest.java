package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code heatmap info} against the facts published in models/README.md for stories260K. */
class InfoCommandTest {

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cli = HeatmapCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void describesGgufAndLlama2cCheckpoint() {
        Path bin = TestPaths.stories260kBin();
        for (Path model : new Path[] {bin.resolveSibling("stories260K.gguf"), bin}) {
            Result r = run("info", model.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().matches("(?s).*layers: +5\n.*"), r.out());
            assertTrue(r.out().contains("embedding:       64 (feed-forward 172)"), r.out());
            assertTrue(r.out().contains("8 query, 4 key/value"), r.out());
            assertTrue(r.out().contains("rope:            8 dims"), r.out());
            assertTrue(r.out().contains("tokenizer:       SPM, 512 tokens"), r.out());
        }
        Result gguf = run("info", bin.resolveSibling("stories260K.gguf").toString());
        assertTrue(gguf.out().contains("context length:  2048"), gguf.out());
        assertTrue(gguf.out().contains("tensor types:    48 F32"), gguf.out());
    }

    @Test
    void badFileExitsWithOne(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "definitely not a model file, but long enough to hold a header");
        Result r = run("info", junk.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("heatmap: " + junk), r.err());
    }
}
