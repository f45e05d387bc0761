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
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.load.LoadedModel;
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
        DecoderConfig c;
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            c = loaded.model().config();
        }
        Set<String> names = new TreeSet<>();
        for (Seen s : seen) names.add(s.name());
        // TransformerLens's names for a rotary, gated-MLP model without learned positions (no hook_pos_embed).
        Set<String> expected = new TreeSet<>(List.of("hook_embed", "ln_final.hook_normalized", "hook_logits"));
        for (int l = 0; l < c.layers(); l++) {
            for (String suffix : List.of("hook_resid_pre", "ln1.hook_normalized", "attn.hook_q", "attn.hook_k",
                    "attn.hook_v", "attn.hook_rot_q", "attn.hook_rot_k", "attn.hook_attn_scores", "attn.hook_pattern",
                    "attn.hook_z", "hook_attn_out", "hook_resid_mid", "ln2.hook_normalized", "mlp.hook_pre",
                    "mlp.hook_pre_linear", "mlp.hook_post", "hook_mlp_out", "hook_resid_post")) {
                expected.add("blocks." + l + "." + suffix);
            }
        }
        assertEquals(expected, names);
        assertEquals(expected.size() * 4, seen.size(), "each point once per position (3 prefill + 1 decode)");
        int hd = c.headDim();
        for (Seen s : seen) {
            int[] shape = switch (s.name().replaceFirst("^blocks\\.\\d+\\.", "")) {
                case "attn.hook_q", "attn.hook_rot_q", "attn.hook_z" -> new int[] {c.heads(), hd};
                case "attn.hook_k", "attn.hook_rot_k", "attn.hook_v" -> new int[] {c.kvHeads(), hd};
                case "attn.hook_pattern", "attn.hook_attn_scores" -> new int[] {c.heads(), s.position() + 1};
                case "mlp.hook_pre", "mlp.hook_pre_linear", "mlp.hook_post" -> new int[] {c.ffnDim()};
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
            float[] mid = find(seen, "blocks.2.hook_resid_mid", pos), mlp = find(seen, "blocks.2.hook_mlp_out", pos);
            float[] post = find(seen, "blocks.2.hook_resid_post", pos);
            for (int i = 0; i < pre.length; i++) {
                assertEquals(pre[i] + attn[i], mid[i], 1e-5);
                assertEquals(mid[i] + mlp[i], post[i], 1e-5);
            }
        }
    }

    /**
     * {@code hook_q} is the projection before rotary and {@code hook_rot_q} after it: rotary turns each pair
     * {@code (2i, 2i+1)} of the first {@code rotaryDim} dimensions (NORM style) by {@code pos * theta^(-2i/d)}, so at
     * position 0 the two are equal and later every pair keeps its length.
     */
    @Test
    void queriesBeforeAndAfterRotary() {
        List<Seen> seen = run("blocks.1.attn.hook_*q", new int[] {1, 403, 407});
        for (int pos = 0; pos < 3; pos++) {
            float[] q = find(seen, "blocks.1.attn.hook_q", pos), rot = find(seen, "blocks.1.attn.hook_rot_q", pos);
            if (pos == 0) assertArrayEquals(q, rot);
            else assertNotEquals(java.util.Arrays.toString(q), java.util.Arrays.toString(rot));
            for (int i = 0; i < q.length; i += 2) {
                assertEquals(Math.hypot(q[i], q[i + 1]), Math.hypot(rot[i], rot[i + 1]), 1e-5, "pair " + i / 2 + " at " + pos);
            }
        }
    }

    /** The pattern is the softmax of the scores hook; scores are the scaled dot products of rotated queries and keys. */
    @Test
    void patternIsTheSoftmaxOfTheScores() {
        List<Seen> seen = run("blocks.3.attn.hook_*", new int[] {1, 403, 407, 261});
        DecoderConfig c;
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            c = loaded.model().config();
        }
        int pos = 3, keys = pos + 1, hd = c.headDim();
        float[] scores = find(seen, "blocks.3.attn.hook_attn_scores", pos), pattern = find(seen, "blocks.3.attn.hook_pattern", pos);
        float[] q = find(seen, "blocks.3.attn.hook_rot_q", pos);
        for (int h = 0; h < c.heads(); h++) {
            float[] k = find(seen, "blocks.3.attn.hook_rot_k", 1);
            int kv = h / c.groupSize();
            double dot = 0;
            for (int i = 0; i < hd; i++) dot += q[h * hd + i] * k[kv * hd + i];
            assertEquals(dot / Math.sqrt(hd), scores[h * keys + 1], 1e-4, "head " + h + " key 1");
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int t = 0; t < keys; t++) max = Math.max(max, scores[h * keys + t]);
            for (int t = 0; t < keys; t++) sum += Math.exp(scores[h * keys + t] - max);
            for (int t = 0; t < keys; t++) {
                assertEquals(Math.exp(scores[h * keys + t] - max) / sum, pattern[h * keys + t], 1e-6, "head " + h + " key " + t);
            }
        }
    }

    @Test
    void patchingChangesTheOutputAndObserversCannotWrite() {
        try (LoadedModel loaded = LoadedModel.open(TestFiles.stories260kGguf())) {
            LanguageModel model = loaded.model();
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
            // TransformerLens names that exist, but not in a model without learned positions: an error, not silence.
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> loaded.model().newSession(8, new Hooks().add("hook_pos_embed", a -> {})));
            assertTrue(missing.getMessage().contains("which llama models do not have"), missing.getMessage());
        }
    }

    private static float[] find(List<Seen> seen, String name, int position) {
        return seen.stream().filter(s -> s.name().equals(name) && s.position() == position).findFirst().orElseThrow().values();
    }
}
