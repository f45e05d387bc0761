package org.tokenheatmap.capture;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tokenheatmap.engine.tensor.LaneSum;

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
                sum += LaneSum.of(acc);
                acc = FloatVector.zero(F);
                pending = 0;
            }
        }
        sum += LaneSum.of(acc);
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
                sumSquares += LaneSum.of(squares);
                sumAbs += LaneSum.of(absolutes);
                squares = FloatVector.zero(F);
                absolutes = FloatVector.zero(F);
                pending = 0;
            }
        }
        sumSquares += LaneSum.of(squares);
        sumAbs += LaneSum.of(absolutes);
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

    /** The maximum of {@code row[from, from + n)} ({@code n > 0}); writes each block's maximum into {@code blockMax}. */
    static float max(float[] row, int from, int n, float[] blockMax) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0, b = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) {
            float m = FloatVector.fromArray(F, row, from + i).reduceLanes(VectorOperators.MAX);
            blockMax[b++] = m;
            max = Math.max(max, m);
        }
        if (i < n) {
            float m = Float.NEGATIVE_INFINITY;
            for (; i < n; i++) m = Math.max(m, row[from + i]);
            blockMax[b] = m;
            max = Math.max(max, m);
        }
        return max;
    }

    /** What {@link #expMoments} found. */
    static final class ExpMoments {
        /** Σ exp(x - shift). */
        double sum;
        /** Σ exp(x - shift) · (x - shift). */
        double weighted;
    }

    /**
     * The two sums behind log-sum-exp and entropy of {@code softmax(row[from, from + n))}, with {@code shift} the
     * row's maximum so that every term is at most 1. Lane-wise EXP (SVML where available) in float lanes, flushed to
     * double like the other sums here.
     */
    static void expMoments(float[] row, int from, int n, float shift, ExpMoments out) {
        FloatVector sums = FloatVector.zero(F), weighted = FloatVector.zero(F);
        double sum = 0, weightedSum = 0;
        int i = 0, pending = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) {
            FloatVector d = FloatVector.fromArray(F, row, from + i).sub(shift);
            FloatVector e = d.lanewise(VectorOperators.EXP);
            sums = sums.add(e);
            weighted = e.fma(d, weighted);
            if (++pending == FLUSH) {
                sum += LaneSum.of(sums);
                weightedSum += LaneSum.of(weighted);
                sums = FloatVector.zero(F);
                weighted = FloatVector.zero(F);
                pending = 0;
            }
        }
        sum += LaneSum.of(sums);
        weightedSum += LaneSum.of(weighted);
        for (; i < n; i++) {
            double d = row[from + i] - shift, e = Math.exp(d);
            sum += e;
            weightedSum += e * d;
        }
        out.sum = sum;
        out.weighted = weightedSum;
    }

    /** The number of values in {@code row[from, from + n)} strictly greater than {@code t}. */
    static int countAbove(float[] row, int from, int n, float t) {
        int count = 0, i = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) {
            count += FloatVector.fromArray(F, row, from + i).compare(VectorOperators.GT, t).trueCount();
        }
        for (; i < n; i++) if (row[from + i] > t) count++;
        return count;
    }

    /**
     * Writes the indices (relative to {@code from}) of the largest values of {@code values[from, from + n)} into
     * {@code out} in rank order (ties to the lower index) and returns their count (at most {@code top.capacity()});
     * NaN is never selected. {@code blockMax} holds each block's maximum, as {@link #max} and the summaries write it.
     * <p>
     * Rather than pushing every value through a heap, a threshold is narrowed first. Its lower bound is the k-th
     * largest of a set of maxima over disjoint parts of the row (k distinct parts each hold a value at least that
     * large): of the block maxima when there are at least k blocks, otherwise of the column maxima (lane i's maximum
     * over all blocks), so that short rows such as a 64-wide activation vector with k = 16 start from a tight bound
     * rather than from −∞. The row's maximum is an upper one. Bisecting between them on an order-preserving int
     * image of the floats, with vectorised counts that skip blocks whose maximum is below the threshold, stops once at
     * most k + 2 values reach it (a bisection step costs a few vector compares; every surplus candidate costs a
     * ranking pass). Only those are collected and ranked.
     */
    static int top(float[] values, int from, int n, float[] blockMax, TopSelection top, int[] out) {
        int blocks = blocks(n), k = top.capacity();
        if (k == 0) return 0;
        float lower = Float.NEGATIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < blocks; b++) max = Math.max(max, blockMax[b]);
        if (blocks >= k) {
            top.addAtLeast(blockMax, 0, 0, blocks, Float.NEGATIVE_INFINITY);
            if (top.drainDescending(out) == k) lower = blockMax[out[k - 1]];
        } else if (k <= Math.min(n, BLOCK)) {
            FloatVector columns = columnMax(values, from, n);
            top.addLanes(columns);
            if (top.drainDescending(out) == k) lower = columns.lane(out[k - 1]);
        }
        if (max < Float.POSITIVE_INFINITY && lower >= Float.NEGATIVE_INFINITY && n > k) {
            // Invariant: at least k values reach lo (countLo of them), fewer than k reach hi.
            long lo = sortable(lower), hi = sortable(max) + 1L;
            int countLo = countAtLeast(values, from, n, blockMax, lower);
            while (countLo > k + 2 && hi - lo > 1) {
                long mid = (lo + hi) >> 1;
                int count = countAtLeast(values, from, n, blockMax, unsortable((int) mid));
                if (count >= k) {
                    lo = mid;
                    countLo = count;
                } else {
                    hi = mid;
                }
            }
            lower = unsortable((int) lo);
        }
        for (int b = 0; b < blocks; b++) {
            if (blockMax[b] >= lower) top.addAtLeast(values, from, b * BLOCK, Math.min(n, (b + 1) * BLOCK), lower);
        }
        return top.drainDescending(out);
    }

    /**
     * Lane i's maximum over {@code values[from + i + j·BLOCK]} for every block j (n ≥ BLOCK, so every lane sees at
     * least one value).
     */
    private static FloatVector columnMax(float[] values, int from, int n) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK) max = max.max(FloatVector.fromArray(F, values, from + i));
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            max = max.blend(max.max(FloatVector.fromArray(F, values, from + i, tail)), tail);
        }
        return max;
    }

    /** An int whose signed order is the float order of non-NaN {@code f} (−0 just below +0). */
    private static int sortable(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static float unsortable(int s) {
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7fffffff));
    }

    /** The number of values in {@code values[from, from + n)} that are at least {@code t}. */
    private static int countAtLeast(float[] values, int from, int n, float[] blockMax, float t) {
        int count = 0, b = 0, i = 0;
        for (int bound = F.loopBound(n); i < bound; i += BLOCK, b++) {
            if (blockMax[b] < t) continue;
            count += FloatVector.fromArray(F, values, from + i).compare(VectorOperators.GE, t).trueCount();
        }
        for (; i < n; i++) if (values[from + i] >= t) count++;
        return count;
    }
}
