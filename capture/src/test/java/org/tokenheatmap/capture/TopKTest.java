package org.tokenheatmap.capture;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The heap against a full sort (descending key, ties to the lower index), including heavy ties. */
class TopKTest {
    @Property(tries = 300)
    void matchesAFullSort(@ForAll @Size(max = 200) int[] raw, @ForAll @IntRange(min = 0, max = 20) int k) {
        float[] keys = new float[raw.length];
        for (int i = 0; i < raw.length; i++) keys[i] = raw[i] % 7; // few distinct values: many ties
        TopK top = new TopK(k);
        for (int i = 0; i < keys.length; i++) if (top.wouldAccept(keys[i])) top.offer(i, keys[i]);
        int[] got = new int[k];
        int n = top.drainDescending(got);
        int[] expected = IntStream.range(0, keys.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -keys[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, Arrays.copyOf(got, n));
    }
}
