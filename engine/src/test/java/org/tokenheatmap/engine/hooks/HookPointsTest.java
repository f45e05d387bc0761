package org.tokenheatmap.engine.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LlamaConfig;
import org.tokenheatmap.engine.model.LlamaModel;
import org.tokenheatmap.engine.model.LoadedModel;
import org.tokenheatmap.testkit.TestFiles;

/** Hook names, shapes, firing positions, pattern normalisation and patching on stories260K. */
class HookPointsTest {

    private record Seen(String name, int layer, int position, int[] shape, float[] values) {}

    private static List<Seen> run(String pattern, int[] prefill, int... decode) {
        List<Seen> seen = new ArrayList<>();
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            InferenceSession s = loaded.model().newSession(64, new Hooks().add(pattern,
                    a -> seen.add(new Seen(a.name(), a.layer(), a.position(), a.shape(), a.values().toArray()))));
            s.prefill(prefill);
            for (int t : decode) s.decode(t);
        }
        return seen;
    }

    @Test
    void everyPointFiresOncePerPositionWithDocumentedNamesAndShapes() {
        List<Seen> seen = run("*", new int[] {1, 403, 407}, 261);
        LlamaConfig c;
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            c = loaded.model().config();
        }
        Set<String> names = new TreeSet<>();
        for (Seen s : seen) names.add(s.name());
        Set<String> expected = new TreeSet<>(List.of("hook_embed", "ln_final.hook_normalized", "hook_logits"));
        for (int l = 0; l < c.nLayers(); l++) {
            for (String suffix : List.of("hook_resid_pre", "attn.hook_q", "attn.hook_k", "attn.hook_v", "attn.hook_pattern",
                    "attn.hook_z", "hook_attn_out", "hook_resid_mid", "mlp.hook_out", "hook_resid_post")) {
                expected.add("blocks." + l + "." + suffix);
            }
        }
        assertEquals(expected, names);
        assertEquals(expected.size() * 4, seen.size(), "each point once per position (3 prefill + 1 decode)");
        int hd = c.headDim();
        for (Seen s : seen) {
            int[] shape = switch (s.name().replaceFirst("^blocks\\.\\d+\\.", "")) {
                case "attn.hook_q", "attn.hook_z" -> new int[] {c.nHeads(), hd};
                case "attn.hook_k", "attn.hook_v" -> new int[] {c.nKvHeads(), hd};
                case "attn.hook_pattern" -> new int[] {c.nHeads(), s.position() + 1};
                case "hook_logits" -> new int[] {c.vocabSize()};
                default -> new int[] {c.dim()};
            };
            assertArrayEquals(shape, s.shape(), s.name());
            assertEquals(shape.length == 1 ? shape[0] : shape[0] * shape[1], s.values().length, s.name());
            assertEquals(s.name().startsWith("blocks.") ? Integer.parseInt(s.name().split("\\.")[1]) : -1, s.layer());
        }
    }

    @Test
    void attentionRowsAreDistributionsOverPastKeys() {
        List<Seen> seen = run("blocks.*.attn.hook_pattern", new int[] {1, 403, 407, 261, 378}, 432, 383);
        assertEquals(5 * 7, seen.size());
        for (Seen s : seen) {
            int keys = s.position() + 1;
            for (int h = 0; h < s.shape()[0]; h++) {
                double sum = 0;
                for (int k = 0; k < keys; k++) {
                    float p = s.values()[h * keys + k];
                    assertTrue(p >= 0 && p <= 1, "probability " + p);
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-5, s.name() + " head " + h + " position " + s.position());
            }
        }
    }

    @Test
    void residualStreamIsTheSumOfItsParts() {
        List<Seen> seen = run("blocks.2.*", new int[] {1, 403});
        for (int pos = 0; pos < 2; pos++) {
            float[] pre = find(seen, "blocks.2.hook_resid_pre", pos), attn = find(seen, "blocks.2.hook_attn_out", pos);
            float[] mid = find(seen, "blocks.2.hook_resid_mid", pos), mlp = find(seen, "blocks.2.mlp.hook_out", pos);
            float[] post = find(seen, "blocks.2.hook_resid_post", pos);
            for (int i = 0; i < pre.length; i++) {
                assertEquals(pre[i] + attn[i], mid[i], 1e-5);
                assertEquals(mid[i] + mlp[i], post[i], 1e-5);
            }
        }
    }

    @Test
    void patchingChangesTheOutputAndObserversCannotWrite() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            LlamaModel model = loaded.model();
            float[] clean = model.newSession(8).prefill(new int[] {1, 403}).clone();
            InferenceSession patched = model.newSession(8, new Hooks().patch("blocks.0.hook_resid_pre", a -> {
                for (int i = 0; i < a.values().length(); i++) a.values().set(i, 0f);
            }));
            assertNotEquals(clean[407], patched.prefill(new int[] {1, 403})[407]);
            InferenceSession observed = model.newSession(8, new Hooks().add("hook_embed", a -> a.values().set(0, 1f)));
            assertThrows(UnsupportedOperationException.class, () -> observed.prefill(new int[] {1}));
        }
    }

    @Test
    void unknownNamesAreRejected() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            assertThrows(IllegalArgumentException.class,
                    () -> loaded.model().newSession(8, new Hooks().add("blocks.9.hook_resid_post", a -> {})));
            assertThrows(IllegalArgumentException.class,
                    () -> loaded.model().newSession(8, new Hooks().add("blocks.0.resid_post", a -> {})));
        }
    }

    private static float[] find(List<Seen> seen, String name, int position) {
        return seen.stream().filter(s -> s.name().equals(name) && s.position() == position).findFirst().orElseThrow().values();
    }
}
