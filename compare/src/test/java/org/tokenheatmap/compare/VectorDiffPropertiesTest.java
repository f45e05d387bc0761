package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.formats.trace.LayerDelta;
import org.tokenheatmap.formats.trace.TopChangedNeuron;

/** l2 / cosine / top changed neurons against plain double-precision loops and a full sort. */
class VectorDiffPropertiesTest {

    @Property(tries = 200)
    void matchesScalarDoubleReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n,
                                      @ForAll @IntRange(min = 0, max = 20) int k) {
        var r = new Random(seed);
        float[] a = randomVector(r, n), b = randomVector(r, n);
        LayerDelta d = VectorDiff.of(3, "resid_post", a, b, k);
        double diff2 = 0, dot = 0, na = 0, nb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i], y = b[i];
            diff2 += (x - y) * (x - y);
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        assertEquals(Math.sqrt(diff2), d.l2(), 1e-5 * Math.max(1, Math.sqrt(diff2)));
        double cosine = na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb); // zero vectors: documented
        assertEquals(cosine, d.cosine(), 1e-5);
        List<Integer> expected = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(a[i] - b[i])).thenComparing(i -> i))
                .limit(k).toList();
        assertEquals(expected, d.topChangedNeurons().stream().map(TopChangedNeuron::index).toList());
        for (TopChangedNeuron t : d.topChangedNeurons()) assertEquals(a[t.index()] - b[t.index()], (float) t.delta());
    }

    @Property(tries = 100)
    void aVectorAgainstItselfHasNoDifference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int n) {
        float[] a = randomVector(new Random(seed), n);
        LayerDelta d = VectorDiff.of(0, "o_proj", a, a.clone(), 4);
        assertEquals(0.0, d.l2());
        assertEquals(1.0, d.cosine(), 1e-6);
        d.topChangedNeurons().forEach(t -> assertEquals(0.0, t.delta()));
    }

    @Property(tries = 100)
    void swappingNegatesEveryDelta(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int n) {
        var r = new Random(seed);
        float[] a = randomVector(r, n), b = randomVector(r, n);
        LayerDelta ab = VectorDiff.of(0, "s", a, b, 8), ba = VectorDiff.of(0, "s", b, a, 8);
        assertEquals(ab.l2(), ba.l2(), 1e-9);
        assertEquals(ab.cosine(), ba.cosine(), 1e-9);
        assertEquals(ab.topChangedNeurons().size(), ba.topChangedNeurons().size());
        for (int i = 0; i < ab.topChangedNeurons().size(); i++) {
            assertEquals(ab.topChangedNeurons().get(i).index(), ba.topChangedNeurons().get(i).index());
            assertEquals(-ab.topChangedNeurons().get(i).delta(), ba.topChangedNeurons().get(i).delta(), 0.0); // 0.0 == -0.0
        }
    }

    @Test
    void zeroVectorsHaveTheDocumentedCosine() {
        assertEquals(1.0, VectorDiff.of(0, "s", new float[3], new float[3], 1).cosine());
        assertEquals(0.0, VectorDiff.of(0, "s", new float[3], new float[] {1, 0, 0}, 1).cosine());
        assertEquals(-1.0, VectorDiff.of(0, "s", new float[] {2, 0}, new float[] {-1, 0}, 1).cosine(), 1e-12);
        assertTrue(VectorDiff.of(0, "s", new float[] {1, 1}, new float[] {1, 1}, 5).topChangedNeurons().size() == 2);
    }

    static float[] randomVector(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(8) == 0 ? 0f : (float) (r.nextGaussian() * 3);
        return v;
    }
}
