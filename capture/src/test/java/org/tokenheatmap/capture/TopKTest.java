package org.tokenheatmap.capture;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The top-k batch selection against a full sort (descending key, ties to the lower index), including heavy ties and
 * candidates given out of index order.
 */
class TopKTest {
    @Property(tries = 300)
    void selectionMatchesAFullSort(@ForAll @Size(max = 200) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k,
                                   @ForAll @IntRange(min = 0, max = 3) int lowerBound) {
        float[] keys = new float[raw.length];
        for (int i = 0; i < raw.length; i++) keys[i] = raw[i] % 7;
        TopSelection top = new TopSelection(k);
        // Second half first, one by one; then the first half through the branch-free filter.
        int half = keys.length / 2;
        for (int i = half; i < keys.length; i++) if (keys[i] >= lowerBound) top.add(i, keys[i]);
        top.addAtLeast(keys, 0, 0, half, lowerBound);
        int[] got = new int[k];
        int n = top.drainDescending(got);
        int[] expected = IntStream.range(0, keys.length).filter(i -> keys[i] >= lowerBound).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -keys[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, Arrays.copyOf(got, n));
    }
}
