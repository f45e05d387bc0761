package org.tokenheatmap.capture;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OptionsParsingTest {
    @Test
    void layerLists() {
        assertEquals(List.of(0, 2, 5, 6, 7), LayerSelection.parse("0,2,5-7").resolve(8));
        assertEquals(List.of(1, 2, 3), LayerSelection.parse("3, 1-2,2").resolve(8));
        assertEquals(List.of(0, 1, 2), LayerSelection.parse("all").resolve(3));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("2-1"));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("x"));
        var e = assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("9").resolve(5));
        assertTrue(e.getMessage().contains("0..4"), e.getMessage());
    }

    @Test
    void submoduleLists() {
        assertEquals(List.of(Submodule.MLP_DOWN_PROJ, Submodule.RESID_PRE), Submodule.parseList("mlp.down_proj,resid_pre"));
        assertThrows(IllegalArgumentException.class, () -> Submodule.parseList("resid_pre,resid_pre"));
        assertThrows(IllegalArgumentException.class, () -> Submodule.parseList("mlp.up_proj"));
    }

    @Test
    void sizes() {
        assertEquals(2_000_000_000L, OutputEstimate.parseSize("2GB"));
        assertEquals(500L << 20, OutputEstimate.parseSize("500MiB"));
        assertEquals(1536, OutputEstimate.parseSize("1.5KiB"));
        assertEquals(123, OutputEstimate.parseSize("123"));
        assertThrows(IllegalArgumentException.class, () -> OutputEstimate.parseSize("lots"));
    }

    @Test
    void inconsistentProbeOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CaptureOptions.generate("x").qkv(true).build());
        assertThrows(IllegalArgumentException.class, () -> CaptureOptions.generate("x").attention(false).fullAttention(true).build());
        assertThrows(IllegalArgumentException.class, () -> CaptureOptions.score("").build());
    }
}
