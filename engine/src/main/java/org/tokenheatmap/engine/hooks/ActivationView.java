package org.tokenheatmap.engine.hooks;

import java.util.Arrays;

/**
 * A window onto activation values inside the engine's buffers, valid only during the hook call (copy what you keep).
 * Writable only for hooks registered with {@link Hooks#patch}; writes change what the rest of the pass sees. The
 * engine reuses one view per hook point and re-points it before each call, so a view kept after the call shows
 * whatever that point fires next.
 */
public final class ActivationView {

    private final boolean writable;
    private float[] data;
    private int offset;
    private int length;

    ActivationView(boolean writable) {
        this.writable = writable;
    }

    /** Points this view at {@code data[offset, offset + length)} for the next hook call. */
    ActivationView window(float[] data, int offset, int length) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        return this;
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
