package org.tokenheatmap.capture;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a probe gathered per query position until the capture loop takes it. Hooks fire per position even inside a
 * batched prefill, layer by layer, so several positions can be pending at once; positions before
 * {@link #firstPosition} (prompt positions that are not a step's query position) are not recorded. Pending entries
 * live in a ring indexed by {@code position & mask} that doubles when two pending positions collide, so the per-hook
 * lookup is an array access with no boxing.
 */
final class PositionBuffer<T> {
    private static final int EMPTY = -1;

    private final Supplier<T> factory;
    private Object[] entries = new Object[8];
    private int[] positions = filledEmpty(8);
    private int firstPosition;

    PositionBuffer(Supplier<T> factory) {
        this.factory = factory;
    }

    void recordFrom(int position) {
        firstPosition = position;
    }

    boolean records(int position) {
        return position >= firstPosition;
    }

    T at(int position) {
        int slot = position & (positions.length - 1);
        if (positions[slot] == position) return entry(slot);
        if (positions[slot] != EMPTY) {
            grow();
            return at(position);
        }
        T t = factory.get();
        positions[slot] = position;
        entries[slot] = t;
        return t;
    }

    /** Removes and returns what was gathered at {@code position}, or a fresh empty entry. */
    T take(int position) {
        int slot = position & (positions.length - 1);
        if (positions[slot] != position) return factory.get();
        T t = entry(slot);
        positions[slot] = EMPTY;
        entries[slot] = null;
        return t;
    }

    void clear() {
        Arrays.fill(positions, EMPTY);
        Arrays.fill(entries, null);
    }

    @SuppressWarnings("unchecked")
    private T entry(int slot) {
        return (T) entries[slot];
    }

    /** Doubles the ring until every pending position has a slot of its own. */
    private void grow() {
        Object[] oldEntries = entries;
        int[] oldPositions = positions;
        for (int size = oldPositions.length * 2; ; size *= 2) {
            entries = new Object[size];
            positions = filledEmpty(size);
            boolean placed = true;
            for (int s = 0; s < oldPositions.length && placed; s++) {
                if (oldPositions[s] == EMPTY) continue;
                int slot = oldPositions[s] & (size - 1);
                placed = positions[slot] == EMPTY;
                positions[slot] = oldPositions[s];
                entries[slot] = oldEntries[s];
            }
            if (placed) return;
        }
    }

    private static int[] filledEmpty(int size) {
        int[] a = new int[size];
        Arrays.fill(a, EMPTY);
        return a;
    }
}
