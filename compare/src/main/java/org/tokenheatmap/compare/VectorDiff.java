package org.tokenheatmap.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tokenheatmap.formats.trace.LayerDelta;
import org.tokenheatmap.formats.trace.TopChangedNeuron;
import org.tokenheatmap.engine.tensor.LaneSum;

/**
 * l2(a − b), cosine(a, b) and the neurons with the largest |a − b| of two activation vectors. Sums are accumulated
 * in float lanes and reduced in double; the cosine of a zero vector is defined as 1 when both are zero (identical)
 * and 0 when only one is.
 */
public final class VectorDiff {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorDiff() {}

    public static LayerDelta of(int layer, String submodule, float[] a, float[] b, int topK) {
        if (a.length != b.length)
            throw new IllegalArgumentException("vectors of different lengths " + a.length + " and " + b.length);
        double[] sums = sums(a, b);
        double l2 = Math.sqrt(sums[0]);
        return new LayerDelta(layer, submodule, l2, cosine(sums[1], sums[2], sums[3]), topChanged(a, b, topK));
    }

    /** {Σ(a−b)², Σab, Σa², Σb²}. */
    static double[] sums(float[] a, float[] b) {
        var diff2 = FloatVector.zero(SPECIES);
        var dot = FloatVector.zero(SPECIES);
        var normA = FloatVector.zero(SPECIES);
        var normB = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(a.length); i < bound; i += SPECIES.length()) {
            var va = FloatVector.fromArray(SPECIES, a, i);
            var vb = FloatVector.fromArray(SPECIES, b, i);
            var d = va.sub(vb);
            diff2 = d.fma(d, diff2);
            dot = va.fma(vb, dot);
            normA = va.fma(va, normA);
            normB = vb.fma(vb, normB);
        }
        double s0 = LaneSum.of(diff2), s1 = LaneSum.of(dot);
        double s2 = LaneSum.of(normA), s3 = LaneSum.of(normB);
        for (; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s0 += d * d;
            s1 += (double) a[i] * b[i];
            s2 += (double) a[i] * a[i];
            s3 += (double) b[i] * b[i];
        }
        return new double[] {s0, s1, s2, s3};
    }

    static double cosine(double dot, double normA2, double normB2) {
        if (normA2 == 0 || normB2 == 0) return normA2 == normB2 ? 1.0 : 0.0;
        double c = dot / (Math.sqrt(normA2) * Math.sqrt(normB2));
        return Math.max(-1.0, Math.min(1.0, c)); // rounding can leave |c| a hair above 1
    }

    /** The k indices with the largest |a[i] − b[i]|, via a size-k min-heap (O(n log k)). */
    static List<TopChangedNeuron> topChanged(float[] a, float[] b, int k) {
        if (k <= 0) return List.of();
        // Heap head = the weakest kept entry: smallest |delta|, and among equals the highest index.
        var heap = new PriorityQueue<TopChangedNeuron>(k + 1, VectorDiff::weaker);
        float floor = -1; // |delta| of the heap head once the heap is full; scanning in index order, a later
                          // index with an equal |delta| never displaces it, so only strictly larger ones enter
        for (int i = 0; i < a.length; i++) {
            float delta = a[i] - b[i];
            if (heap.size() < k) {
                heap.add(new TopChangedNeuron(i, delta));
                if (heap.size() == k) floor = Math.abs((float) heap.peek().delta());
            } else if (Math.abs(delta) > floor) {
                heap.poll();
                heap.add(new TopChangedNeuron(i, delta));
                floor = Math.abs((float) heap.peek().delta());
            }
        }
        var out = new ArrayList<>(heap);
        out.sort((x, y) -> weaker(y, x));
        return out;
    }

    /** Negative when {@code x} ranks below {@code y}: smaller |delta|, or equal |delta| and a higher index. */
    private static int weaker(TopChangedNeuron x, TopChangedNeuron y) {
        int byMagnitude = Double.compare(Math.abs(x.delta()), Math.abs(y.delta()));
        return byMagnitude != 0 ? byMagnitude : Integer.compare(y.index(), x.index());
    }
}
