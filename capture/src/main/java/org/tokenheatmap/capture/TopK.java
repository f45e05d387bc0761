package org.tokenheatmap.capture;

/**
 * The {@code k} largest keys of a stream of (index, key) pairs, kept in a min-heap of size k: O(n log k) with no
 * allocation after construction, so probes can run it on every token over a whole vocabulary. Ties go to the lower
 * index, matching argmax's "first wins".
 */
final class TopK {
    private final int capacity;
    private final int[] index;
    private final float[] key;
    private int size;

    TopK(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("k must be >= 0, was " + capacity);
        this.capacity = capacity;
        this.index = new int[capacity];
        this.key = new float[capacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** The smallest key held; only meaningful when the heap is not empty. */
    float minKey() {
        return key[0];
    }

    /**
     * Cheap pre-check for hot loops that offer indices in ascending order: whether {@code k} could enter the heap (a
     * key equal to the minimum loses to it, the minimum having the lower index).
     */
    boolean wouldAccept(float k) {
        return size < capacity || (capacity > 0 && k > key[0]);
    }

    void offer(int i, float k) {
        if (size < capacity) {
            index[size] = i;
            key[size] = k;
            siftUp(size++);
        } else if (capacity > 0 && beats(i, k, 0)) {
            index[0] = i;
            key[0] = k;
            siftDown(0);
        }
    }

    /**
     * Empties the heap into {@code outIndex} in descending key order (ties: ascending index); returns the count.
     */
    int drainDescending(int[] outIndex) {
        int n = size;
        // Popping the minimum repeatedly yields ascending order; fill from the back.
        for (int r = n - 1; r >= 0; r--) {
            outIndex[r] = index[0];
            size--;
            index[0] = index[size];
            key[0] = key[size];
            if (size > 0) siftDown(0);
        }
        return n;
    }

    /** Whether (i, k) ranks above the entry at heap slot {@code slot}. */
    private boolean beats(int i, float k, int slot) {
        return k > key[slot] || (k == key[slot] && i < index[slot]);
    }

    private void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!beats(index[parent], key[parent], slot)) return;
            swap(slot, parent);
            slot = parent;
        }
    }

    private void siftDown(int slot) {
        while (true) {
            int left = 2 * slot + 1, smallest = slot;
            if (left < size && beats(index[smallest], key[smallest], left)) smallest = left;
            if (left + 1 < size && beats(index[smallest], key[smallest], left + 1)) smallest = left + 1;
            if (smallest == slot) return;
            swap(slot, smallest);
            slot = smallest;
        }
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
