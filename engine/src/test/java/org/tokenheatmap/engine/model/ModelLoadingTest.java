package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.load.LoadedModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.testkit.TestFiles;

/** Config from both formats agrees with the published model card; broken files fail with BadInputException. */
class ModelLoadingTest {

    @TempDir
    Path dir;

    @Test
    void bothFormatsDescribeStories260K() {
        try (LoadedModel gguf = LoadedModel.open(TestFiles.stories260kGguf());
             LoadedModel bin = LoadedModel.open(TestFiles.stories260kBin())) {
            for (LoadedModel m : new LoadedModel[] {gguf, bin}) {
                DecoderConfig c = m.model().config();
                // models/README.md: dim 64, ffn 172, 5 layers, 8 heads, 4 kv heads, rope dim 8, rms eps 1e-5, vocab 512
                assertEquals(Arrays.toString(new int[] {64, 172, 5, 8, 4, 8, 512}), Arrays.toString(new int[] {c.dim(),
                        c.ffnDim(), c.layers(), c.heads(), c.kvHeads(), c.rotaryDim(), c.vocabSize()}));
                assertEquals(1e-5f, c.normEps());
            }
            assertEquals(2048, gguf.model().contextLength());
            assertTrue(bin.model().tiedOutput(), "llama2.c header with positive vocab = shared classifier");
            assertFalse(gguf.model().tiedOutput(), "this GGUF stores output.weight");
            assertEquals(LoadedModel.Format.GGUF, gguf.format());
        }
    }

    @Test
    void truncatedCheckpointIsBadInput() throws Exception {
        byte[] full = Files.readAllBytes(TestFiles.stories260kBin());
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(full, full.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> LoadedModel.open(cut));
        assertTrue(e.place().startsWith("tensor "), e.getMessage());
    }

    @Test
    void nonModelFileIsBadInput() throws Exception {
        Path text = dir.resolve("notes.bin");
        Files.writeString(text, "this is not a model, just some text that is long enough for a header");
        assertThrows(BadInputException.class, () -> LoadedModel.open(text));
        assertThrows(BadInputException.class, () -> LoadedModel.open(dir.resolve("missing.gguf")));
    }
}
