package org.tokenheatmap.compare;

import java.util.Arrays;

/** A growable int array: the per-step alignment keys without boxing. */
final class IntList {
    private int[] values = new int[256];
    private int size;

    void add(int value) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = value;
    }

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    int[] toArray() { return Arrays.copyOf(values, size); }
}
