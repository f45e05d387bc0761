package org.tokenheatmap.capture;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The vectorised row summaries against plain float64 loops and a full sort: every length around the vector width
 * (full blocks, tails, fewer blocks than k), zeros, heavy ties, negative activations.
 */
class CaptureRowStatsTest {
    @Property(tries = 300)
    void attentionRowEntropyMaxAndTop(@ForAll @Size(max = 300) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k,
                                      @ForAll @IntRange(min = 0, max = 7) int offset) {
        int n = raw.length;
        float[] row = new float[offset + n];
        double total = 0;
        for (int i = 0; i < n; i++) total += row[offset + i] = Math.floorMod(raw[i], 9); // zeros and ties
        for (int i = 0; i < n; i++) row[offset + i] = total == 0 ? 0 : (float) (row[offset + i] / total);
        float[] blockMax = new float[RowStats.blocks(n)];
        double entropy = RowStats.entropy(row, offset, n, blockMax);
        double expected = 0;
        float max = n == 0 ? Float.NEGATIVE_INFINITY : 0;
        for (int i = 0; i < n; i++) {
            double w = row[offset + i];
            if (w > 0) expected -= w * Math.log(w);
            max = Math.max(max, row[offset + i]);
        }
        assertEquals(expected, entropy, 1e-6 * Math.max(1, expected));
        float blocksMax = Float.NEGATIVE_INFINITY;
        for (float b : blockMax) blocksMax = Math.max(blocksMax, b);
        assertEquals(max, blocksMax);
        assertTopMatchesSort(row, offset, n, blockMax, k);
    }

    @Property(tries = 300)
    void activationMagnitudes(@ForAll @Size(max = 300) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k) {
        int n = raw.length;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (raw[i] % 11) * 1e-3f; // |x| around the threshold, signs, ties
        float[] abs = new float[n];
        float[] blockMax = new float[RowStats.blocks(n)];
        RowStats.Magnitudes m = new RowStats.Magnitudes();
        double threshold = 2e-3;
        RowStats.magnitudes(x, n, threshold, abs, blockMax, m);
        double squares = 0, sumAbs = 0;
        int below = 0;
        for (float v : x) {
            squares += (double) v * v;
            sumAbs += Math.abs((double) v);
            if (Math.abs((double) v) < threshold) below++;
        }
        assertEquals(squares, m.sumSquares, 1e-6 * Math.max(1e-9, squares));
        assertEquals(sumAbs, m.sumAbs, 1e-6 * Math.max(1e-9, sumAbs));
        assertEquals(below, m.below);
        for (int i = 0; i < n; i++) assertEquals(Math.abs(x[i]), abs[i]);
        assertTopMatchesSort(abs, 0, n, blockMax, k);
    }

    /** Distinct values over many binades, so that the bisection on the bits runs its full course. */
    @Property(tries = 300)
    void topOfWideRangeRows(@ForAll @Size(max = 300) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k,
                            @ForAll @IntRange(min = 0, max = 7) int offset) {
        int n = raw.length;
        float[] row = new float[offset + n];
        for (int i = 0; i < n; i++) row[offset + i] = raw[i] % 5 == 0 ? 0 : Math.abs((float) raw[i]) * 1e-12f;
        float[] blockMax = new float[RowStats.blocks(n)];
        RowStats.entropy(row, offset, n, blockMax); // fills blockMax; the entropy of unnormalised rows is not checked
        assertTopMatchesSort(row, offset, n, blockMax, k);
    }

    /** Logit rows: signed values, maximum, log-sum-exp moments, counts above a value and the top-k. */
    @Property(tries = 300)
    void logitRows(@ForAll @Size(min = 1, max = 600) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k,
                   @ForAll @IntRange(min = 0, max = 7) int offset) {
        int n = raw.length;
        float[] row = new float[offset + n];
        for (int i = 0; i < n; i++) row[offset + i] = (raw[i] % 4001) * 7.5e-3f; // within ±30, signs, ties
        float[] blockMax = new float[RowStats.blocks(n)];
        float max = RowStats.max(row, offset, n, blockMax);
        RowStats.ExpMoments m = new RowStats.ExpMoments();
        RowStats.expMoments(row, offset, n, max, m);
        double expectedMax = Double.NEGATIVE_INFINITY, sum = 0, weighted = 0;
        for (int i = 0; i < n; i++) expectedMax = Math.max(expectedMax, row[offset + i]);
        for (int i = 0; i < n; i++) {
            double d = row[offset + i] - expectedMax, e = Math.exp(d);
            sum += e;
            weighted += e * d;
        }
        assertEquals(expectedMax, max);
        assertEquals(sum, m.sum, 2e-6 * sum);
        assertEquals(weighted, m.weighted, 2e-6 * Math.max(1, Math.abs(weighted)));
        float pivot = row[offset + Math.floorMod(raw[0], n)];
        assertEquals(IntStream.range(0, n).filter(i -> row[offset + i] > pivot).count(), RowStats.countAbove(row, offset, n, pivot));
        assertTopMatchesSort(row, offset, n, blockMax, k);
    }

    private static void assertTopMatchesSort(float[] values, int offset, int n, float[] blockMax, int k) {
        int[] got = new int[k];
        int count = RowStats.top(values, offset, n, blockMax, new TopSelection(k), got);
        int[] expected = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[offset + i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, Arrays.copyOf(got, count));
    }
}
