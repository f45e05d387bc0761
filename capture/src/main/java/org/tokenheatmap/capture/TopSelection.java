package org.tokenheatmap.capture;

import java.util.Arrays;

/**
 * The {@code k} best of a batch of (index, key) candidates, larger key first and ties to the lower index (argmax's
 * "first wins"): quickselect cuts the candidates down to k, an insertion sort orders them, with no heap traffic (the
 * probes narrow their candidates to about k first, so both stay short). Candidates are collected with {@link #add}
 * or {@link #addAtLeast}; the buffer grows as needed and is reused.
 */
final class TopSelection {
    private final int capacity;
    private int[] index = new int[64];
    private float[] key = new float[64];
    private int size;

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

    void add(int i, float k) {
        reserve(1);
        index[size] = i;
        key[size++] = k;
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
        if (size + more > index.length) {
            int length = Math.max(index.length * 2, size + more);
            index = Arrays.copyOf(index, length);
            key = Arrays.copyOf(key, length);
        }
    }

    /** Writes the best min(k, candidates) indices into {@code out} in rank order, returns their count, and clears. */
    int drainDescending(int[] out) {
        int n = Math.min(capacity, size);
        if (n > 0 && size > n) select(n);
        // Insertion sort of the n winners, best first.
        for (int a = 1; a < n; a++) {
            int i = index[a];
            float k = key[a];
            int b = a - 1;
            for (; b >= 0 && beats(i, k, b); b--) {
                index[b + 1] = index[b];
                key[b + 1] = key[b];
            }
            index[b + 1] = i;
            key[b + 1] = k;
        }
        System.arraycopy(index, 0, out, 0, n);
        size = 0;
        return n;
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
