package org.tokenheatmap.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Filters checked against brute-force definitions on random logits; determinism and frequencies of draws. */
class SamplerTest {

    private static final Random RANDOM = new Random(7);

    private static float[] randomLogits(int n) {
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = (float) (RANDOM.nextGaussian() * 3);
        return l;
    }

    private static Set<Integer> set(int[] tokens) {
        Set<Integer> s = new HashSet<>();
        for (int t : tokens) s.add(t);
        return s;
    }

    @RepeatedTest(20)
    void topKKeepsTheKMostLikely() {
        float[] logits = randomLogits(200);
        double[] p = ReferenceSoftmax.of(logits, 0.8);
        Candidates c = new Sampler(SamplingOptions.temperature(0.8f, 1).withTopK(7)).filter(logits, logits.length);
        assertEquals(7, c.size());
        double smallestKept = Arrays.stream(c.tokens()).mapToDouble(t -> p[t]).min().orElseThrow();
        long larger = Arrays.stream(p).filter(x -> x > smallestKept).count();
        assertEquals(6, larger, "exactly the 6 others are more likely than the least likely survivor");
        assertRenormalised(c, p);
    }

    @RepeatedTest(20)
    void topPKeepsTheSmallestPrefixReachingP() {
        float[] logits = randomLogits(100);
        double[] p = ReferenceSoftmax.of(logits, 1.2);
        Candidates c = new Sampler(SamplingOptions.temperature(1.2f, 1).withTopP(0.7f)).filter(logits, logits.length);
        double[] sorted = Arrays.stream(p).boxed().sorted((a, b) -> Double.compare(b, a)).mapToDouble(x -> x).toArray();
        int expected = 0;
        for (double mass = 0; mass < 0.7 - 1e-6; expected++) mass += sorted[expected];
        assertTrue(Math.abs(c.size() - expected) <= 1 && c.size() >= 1, "kept " + c.size() + ", definition says " + expected);
        double kept = Arrays.stream(c.tokens()).mapToDouble(t -> p[t]).sum();
        assertTrue(kept >= 0.7 - 1e-5, "kept mass " + kept);
        double withoutLast = kept - p[c.tokens()[c.size() - 1]];
        assertTrue(withoutLast < 0.7 + 1e-5, "prefix is minimal");
        assertRenormalised(c, p);
    }

    @RepeatedTest(20)
    void minPKeepsTokensAboveAFractionOfTheBest() {
        float[] logits = randomLogits(300);
        double[] p = ReferenceSoftmax.of(logits, 1.0);
        double best = Arrays.stream(p).max().orElseThrow();
        Candidates c = new Sampler(SamplingOptions.temperature(1f, 1).withMinP(0.05f)).filter(logits, logits.length);
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < p.length; i++) if (p[i] >= 0.05 * best * (1 + 1e-6)) expected.add(i);
        Set<Integer> actual = set(c.tokens());
        assertTrue(actual.containsAll(expected), "all tokens clearly above the floor kept");
        for (int t : actual) assertTrue(p[t] >= 0.05 * best * (1 - 1e-5), "token " + t + " below the floor");
        assertRenormalised(c, p);
    }

    private static void assertRenormalised(Candidates c, double[] p) {
        double kept = Arrays.stream(c.tokens()).mapToDouble(t -> p[t]).sum();
        double total = 0;
        for (int i = 0; i < c.size(); i++) {
            assertEquals(p[c.tokens()[i]] / kept, c.probabilities()[i], 1e-5);
            if (i > 0) assertTrue(c.probabilities()[i] <= c.probabilities()[i - 1], "most likely first");
            total += c.probabilities()[i];
        }
        assertEquals(1.0, total, 1e-5);
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        float[] logits = randomLogits(50);
        int[] a = draw(logits, 42), b = draw(logits, 42), c = draw(logits, 43);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    }

    private static int[] draw(float[] logits, long seed) {
        Sampler s = new Sampler(SamplingOptions.temperature(1.5f, seed));
        int[] out = new int[100];
        for (int i = 0; i < out.length; i++) out[i] = s.sample(logits, logits.length);
        return out;
    }

    @Test
    void drawsFollowTheFilteredDistribution() {
        float[] logits = {2f, 1f, 0.5f, -1f, 0f};
        Sampler s = new Sampler(SamplingOptions.temperature(1f, 3).withTopK(3));
        double[] p = ReferenceSoftmax.of(new float[] {2f, 1f, 0.5f}, 1.0);
        int[] counts = new int[logits.length];
        int n = 40_000;
        for (int i = 0; i < n; i++) counts[s.sample(logits, logits.length)]++;
        assertEquals(0, counts[3] + counts[4], "filtered tokens never drawn");
        for (int i = 0; i < 3; i++) assertEquals(p[i], counts[i] / (double) n, 0.01, "token " + i);
    }

    @Test
    void greedyIsArgmaxWithLowestIdOnTies() {
        assertEquals(1, new Sampler(SamplingOptions.greedy()).sample(new float[] {0f, 3f, 3f, -1f}, 4));
        assertEquals(2, new Sampler(SamplingOptions.greedy()).sample(new float[] {0f, 3f, 5f, 9f}, 3), "only the first vocab entries");
    }
}
