package org.tokenheatmap.engine.hooks;

import java.util.Arrays;

/**
 * A window onto activation values inside the engine's buffers, valid only during the hook call (copy what you keep).
 * Writable only for hooks registered with {@link Hooks#patch}; writes change what the rest of the pass sees.
 */
public final class ActivationView {

    private final float[] data;
    private final int offset;
    private final int length;
    private final boolean writable;

    ActivationView(float[] data, int offset, int length, boolean writable) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.writable = writable;
    }

    public int length() {
        return length;
    }

    public float get(int i) {
        return data[offset + checkIndex(i)];
    }

    public void set(int i, float value) {
        if (!writable) throw new UnsupportedOperationException("read-only activation; register with Hooks.patch to modify");
        data[offset + checkIndex(i)] = value;
    }

    public void copyTo(float[] target, int targetOffset) {
        System.arraycopy(data, offset, target, targetOffset, length);
    }

    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    private int checkIndex(int i) {
        return java.util.Objects.checkIndex(i, length);
    }
}
