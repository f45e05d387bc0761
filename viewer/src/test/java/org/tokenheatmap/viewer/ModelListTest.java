package org.tokenheatmap.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelListTest {
    @TempDir
    Path tmp;

    @Test
    void parsesNamesAndPathsInOrder() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.gguf"), "x"), b = Files.writeString(tmp.resolve("b.bin"), "y");
        Map<String, Path> models = ModelList.parse("tiny=" + a + ", other.v2=" + b);
        assertEquals(List.of("tiny", "other.v2"), List.copyOf(models.keySet()));
        assertEquals(b.toAbsolutePath(), models.get("other.v2"));
        assertTrue(ModelList.parse(null).isEmpty());
    }

    @Test
    void refusesMalformedEntries() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.gguf"), "x");
        for (String bad : List.of("tiny", "=" + a, "a b=" + a, "../x=" + a, "tiny=" + tmp.resolve("missing"), "t=" + a + ",t=" + a)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelList.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--models"), e.getMessage());
        }
    }
}
