package org.tokenheatmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    private static final String DIFF = """
            {"schema_version": "1.0.0",
             "alignment": {"mode": "position", "tokenizer_a_fingerprint": "a", "tokenizer_b_fingerprint": "b", "mismatches": []},
             "steps": [{"step": %d, "token_id_a": 1, "token_id_b": 2, "decoded_text_offset_a": 0,
                        "decoded_text_offset_b": 0, "delta": []}]}""";

    @TempDir
    Path dir;

    @Test
    void validDirectoryExitsZeroAndNotesSkippedFiles() throws IOException {
        Files.writeString(dir.resolve("diff.json"), DIFF.formatted(0));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve(".diff.json.123.tmp"), "{\"alignment\": ");
        CliRun r = heatmap("validate", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("1 files checked: 1 valid, 0 invalid, 1 skipped", r.out().strip());
        assertTrue(r.err().contains(dir.resolve("notes.txt") + ": skipped"), r.err());
    }

    @Test
    void invalidFilesPrintFilePlaceReasonAndExitOne() throws IOException {
        Path bad = dir.resolve("sub/diff.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, DIFF.formatted(1));
        Path unknown = dir.resolve("notes.txt");
        Files.writeString(unknown, "hello");
        CliRun r = heatmap("validate", dir.toString(), unknown.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(bad + ": /steps/0/step: is 1 but must equal its index 0"), r.out());
        assertTrue(r.out().contains(unknown + ": not a file kind heatmap knows"), r.out());
        assertTrue(r.out().strip().endsWith("2 files checked: 0 valid, 2 invalid, 1 skipped"), r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, heatmap("validate").exit());
        CliRun missing = heatmap("validate", dir.resolve("nope.json").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.json: no such file or directory"), missing.err());
    }
}
