package org.tokenheatmap.capture;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised single-pass summaries of a float row for the probes, plus a top-k selection that uses the per-block
 * maxima gathered in that pass to skip most of the row. Sums run in float lanes for {@link #FLUSH} vectors at a time
 * and then move into a double: every summed term has one sign, so the relative error stays below about 1e-6.
 */
final class RowStats {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Elements per block: one vector. */
    static final int BLOCK = F.length();
    private static final int FLUSH = 16;

    private RowStats() {}

    /** Blocks a row of {@code n} elements has (the last may be partial). */
    static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    /**
     * Entropy {@code -Σ w ln w} (nats, terms with w = 0 count 0) of {@code row[from, from + n)}; writes each block's
     * maximum into {@code blockMax}. The log is the Vector API's lane-wise LOG (SVML where available), about ten times
     * cheaper than one {@code Math.log} per key.
     */
    static double entropy(float[] row, int from, int n, float[] blockMax) {
        FloatVector acc = FloatVector.zero(F);
        double sum = 0;
        int i = 0, b = 0, pending = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) {
            FloatVector w = FloatVector.fromArray(F, row, from + i);
            blockMax[b++] = w.reduceLanes(VectorOperators.MAX);
            // ln(max(w, MIN_VALUE)) is finite, so w = 0 contributes 0 * finite = 0 without a mask.
            acc = acc.add(w.max(Float.MIN_VALUE).lanewise(VectorOperators.LOG).mul(w));
            if (++pending == FLUSH) {
                sum += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(F);
                pending = 0;
            }
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        if (i < n) {
            float max = Float.NEGATIVE_INFINITY;
            for (; i < n; i++) {
                float w = row[from + i];
                if (w > 0) sum += w * Math.log(w);
                max = Math.max(max, w);
            }
            blockMax[b] = max;
        }
        return Math.max(0, -sum);
    }

    /** What {@link #magnitudes} found. */
    static final class Magnitudes {
        double sumSquares;
        double sumAbs;
        int below;
    }

    /**
     * Sum of squares, sum of |x| and the count of |x| &lt; {@code threshold} over {@code x[0, n)} in one pass; writes
     * |x| into {@code abs} and each block's largest |x| into {@code blockMax}.
     */
    static void magnitudes(float[] x, int n, double threshold, float[] abs, float[] blockMax, Magnitudes out) {
        float below = floatThreshold(threshold);
        FloatVector squares = FloatVector.zero(F), absolutes = FloatVector.zero(F);
        double sumSquares = 0, sumAbs = 0;
        int count = 0, i = 0, b = 0, pending = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector a = v.abs();
            a.intoArray(abs, i);
            blockMax[b++] = a.reduceLanes(VectorOperators.MAX);
            squares = squares.add(v.mul(v));
            absolutes = absolutes.add(a);
            VectorMask<Float> small = a.compare(VectorOperators.LT, below);
            count += small.trueCount();
            if (++pending == FLUSH) {
                sumSquares += squares.reduceLanes(VectorOperators.ADD);
                sumAbs += absolutes.reduceLanes(VectorOperators.ADD);
                squares = FloatVector.zero(F);
                absolutes = FloatVector.zero(F);
                pending = 0;
            }
        }
        sumSquares += squares.reduceLanes(VectorOperators.ADD);
        sumAbs += absolutes.reduceLanes(VectorOperators.ADD);
        if (i < n) {
            float max = 0;
            for (; i < n; i++) {
                float a = Math.abs(x[i]);
                abs[i] = a;
                sumSquares += (double) a * a;
                sumAbs += a;
                if (a < below) count++;
                max = Math.max(max, a);
            }
            blockMax[b] = max;
        }
        out.sumSquares = sumSquares;
        out.sumAbs = sumAbs;
        out.below = count;
    }

    /**
     * The smallest float not below {@code t}: for a float a, {@code a < t} (compared as doubles, as numpy does) holds
     * exactly when {@code a < floatThreshold(t)}.
     */
    static float floatThreshold(double t) {
        float f = (float) t;
        return (double) f < t ? Math.nextUp(f) : f;
    }

    /**
     * Fills {@code top} (cleared first) with the largest values of {@code values[from, from + n)}, indices relative to
     * {@code from}. The k-th largest block maximum is a lower bound on the k-th largest value (k distinct blocks each
     * hold a value at least that large), so blocks whose maximum is below it are skipped and only values reaching it
     * touch the heap.
     */
    static void top(float[] values, int from, int n, float[] blockMax, TopK top) {
        int blocks = blocks(n);
        float bound = Float.NEGATIVE_INFINITY;
        top.clear();
        if (top.capacity() > 0 && blocks >= top.capacity()) {
            for (int b = 0; b < blocks; b++) if (top.wouldAccept(blockMax[b])) top.offer(b, blockMax[b]);
            bound = top.minKey();
            top.clear();
        }
        for (int b = 0; b < blocks; b++) {
            if (blockMax[b] < bound) continue;
            for (int i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
                float v = values[from + i];
                if (v >= bound && top.wouldAccept(v)) top.offer(i, v);
            }
        }
    }
}
