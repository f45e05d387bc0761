package org.tokenheatmap.capture;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a probe gathered per query position until the capture loop takes it. Hooks fire per position even inside a
 * batched prefill, layer by layer, so several positions can be pending at once; positions before
 * {@link #firstPosition} (prompt positions that are not a step's query position) are not recorded.
 */
final class PositionBuffer<T> {
    private final Map<Integer, T> pending = new HashMap<>();
    private final Supplier<T> factory;
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
        return pending.computeIfAbsent(position, p -> factory.get());
    }

    /** Removes and returns what was gathered at {@code position}, or a fresh empty entry. */
    T take(int position) {
        T t = pending.remove(position);
        return t != null ? t : factory.get();
    }

    void clear() {
        pending.clear();
    }
}
