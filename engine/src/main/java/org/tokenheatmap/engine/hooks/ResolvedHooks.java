package org.tokenheatmap.engine.hooks;

/**
 * Attachments bound to concrete points and layers. The forward pass asks {@link #active} (an array lookup) before
 * building anything for a hook, so unattached points cost one branch.
 */
public final class ResolvedHooks {

    public static final ResolvedHooks NONE = new ResolvedHooks(new Hook[HookPoint.values().length][1],
            new boolean[HookPoint.values().length][1]);

    private final Hook[][] hooks;
    private final boolean[][] writable;
    private final boolean any;

    ResolvedHooks(Hook[][] hooks, boolean[][] writable) {
        this.hooks = hooks;
        this.writable = writable;
        boolean found = false;
        for (Hook[] row : hooks) for (Hook h : row) found |= h != null;
        this.any = found;
    }

    public boolean any() {
        return any;
    }

    /** Whether something is attached at {@code point} of {@code layer} (use 0 for global points). */
    public boolean active(HookPoint point, int layer) {
        return any && hooks[point.ordinal()][point.perLayer() ? layer : 0] != null;
    }

    /** Calls the hooks at {@code point}; values are {@code data[offset, offset + product(shape))}. */
    public void fire(HookPoint point, int layer, int position, float[] data, int offset, int... shape) {
        int slot = point.perLayer() ? layer : 0;
        Hook hook = hooks[point.ordinal()][slot];
        if (hook == null) return;
        int length = 1;
        for (int s : shape) length *= s;
        ActivationView view = new ActivationView(data, offset, length, writable[point.ordinal()][slot]);
        hook.accept(new Activation(point.hookName(layer), point, point.perLayer() ? layer : -1, position, view, shape));
    }
}
