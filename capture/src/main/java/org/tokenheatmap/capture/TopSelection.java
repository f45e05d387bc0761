package org.tokenheatmap.capture;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code k} best of a batch of (index, key) candidates, larger key first and ties to the lower index (argmax's
 * "first wins"), with no heap traffic. The probes narrow their candidates to about k first, so each candidate's rank
 * is simply counted: the number of candidates that beat it, {@link #LANES} candidates per vector compare, branch-free
 * (sorting a handful of close values mispredicts most of its compares). Larger batches are
 * first cut down to k by quickselect. Candidates are collected with {@link #add} or {@link #addAtLeast}; the buffer
 * grows as needed and is reused.
 */
final class TopSelection {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final int LANES = F.length();
    /** Up to this many candidates are ranked by counting (a quadratic number of lane compares, all branch-free). */
    private static final int RANK_LIMIT = 4 * LANES;

    private final int capacity;
    // Both buffers stay a multiple of LANES long, so that the ranking reads whole vectors past the last candidate.
    private int[] index = new int[RANK_LIMIT];
    private float[] key = new float[RANK_LIMIT];
    private int[] ranks = new int[RANK_LIMIT];
    private int size;
    private final float[] lanes = new float[LANES];

    TopSelection(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("k must be >= 0, was " + capacity);
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    void clear() {
        size = 0;
    }

    /** Adds candidate i with key k, which must not be NaN ({@link #addAtLeast} drops NaN). */
    void add(int i, float k) {
        reserve(1);
        index[size] = i;
        key[size++] = k;
    }

    /** Adds lane c of {@code keys} as candidate c, for every lane that is not NaN. */
    void addLanes(FloatVector keys) {
        keys.intoArray(lanes, 0);
        addAtLeast(lanes, 0, 0, LANES, Float.NEGATIVE_INFINITY);
    }

    /**
     * Adds every {@code values[from + i]} with {@code i} in {@code [start, end)} that is at least {@code lower}, as
     * candidate {@code i}. Branch-free: each value is written and kept or overwritten, since whether a value of a
     * probe row passes is a coin flip that a branch predictor gets wrong half the time.
     */
    void addAtLeast(float[] values, int from, int start, int end, float lower) {
        reserve(end - start + 1);
        int n = size;
        for (int i = start; i < end; i++) {
            float v = values[from + i];
            index[n] = i;
            key[n] = v;
            n += v >= lower ? 1 : 0;
        }
        size = n;
    }

    private void reserve(int more) {
        // One spare vector for the padding that the ranking reads past the last candidate.
        if (size + more + LANES > index.length) {
            int length = roundUp(Math.max(index.length * 2, size + more + LANES));
            index = Arrays.copyOf(index, length);
            key = Arrays.copyOf(key, length);
            ranks = new int[length];
        }
    }

    /** Writes the best min(k, candidates) indices into {@code out} in rank order, returns their count, and clears. */
    int drainDescending(int[] out) {
        int n = Math.min(capacity, size);
        if (n > 0 && size > Math.max(n, RANK_LIMIT)) {
            select(n);
            size = n;
        }
        // NaN keys pad the last vector: NaN compares false both ways, so padding never beats a candidate.
        Arrays.fill(key, size, roundUp(size), Float.NaN);
        for (int c = 0; c < size; c += LANES) rank(c);
        for (int c = 0; c < size; c++) {
            if (ranks[c] < n) out[ranks[c]] = index[c];
        }
        size = 0;
        return n;
    }

    /**
     * Writes into {@code ranks[c, c + LANES)} how many candidates beat each of candidates c … c + LANES − 1. The
     * candidates are totally ordered, so the ranks are 0 … size − 1, each once.
     */
    private void rank(int c) {
        FloatVector keys = FloatVector.fromArray(F, key, c);
        IntVector indices = IntVector.fromArray(I, index, c);
        IntVector rank = IntVector.zero(I);
        for (int j = 0; j < size; j++) {
            float k = key[j];
            VectorMask<Float> beaten = keys.compare(VectorOperators.LT, k)
                    .or(keys.compare(VectorOperators.EQ, k).and(indices.compare(VectorOperators.GT, index[j]).cast(F)));
            rank = rank.add(1, beaten.cast(I));
        }
        rank.intoArray(ranks, c);
    }

    private static int roundUp(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /** Rearranges the candidates so that the best {@code n} (in some order) occupy slots {@code [0, n)}. */
    private void select(int n) {
        int lo = 0, hi = size - 1;
        while (lo < hi) {
            // Median-of-three pivot moved to hi, then a Lomuto partition: better-than-pivot first.
            int mid = (lo + hi) >>> 1;
            if (beats(index[mid], key[mid], lo)) swap(mid, lo);
            if (beats(index[hi], key[hi], lo)) swap(hi, lo);
            if (beats(index[mid], key[mid], hi)) swap(mid, hi);
            int pi = index[hi];
            float pk = key[hi];
            int store = lo;
            for (int j = lo; j < hi; j++) if (beats(index[j], key[j], pi, pk)) swap(j, store++);
            swap(store, hi);
            if (store == n - 1 || store == n) return;
            if (store < n) lo = store + 1;
            else hi = store - 1;
        }
    }

    /** Whether (i, k) ranks above the candidate in slot {@code slot}. */
    private boolean beats(int i, float k, int slot) {
        return beats(i, k, index[slot], key[slot]);
    }

    private static boolean beats(int i, float k, int otherIndex, float otherKey) {
        return k > otherKey || (k == otherKey && i < otherIndex);
    }

    private void swap(int a, int b) {
        int i = index[a];
        index[a] = index[b];
        index[b] = i;
        float k = key[a];
        key[a] = key[b];
        key[b] = k;
    }
}
