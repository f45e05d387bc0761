package org.tokenheatmap.engine.hooks;

/**
 * Attachments bound to concrete points and layers. The forward pass asks {@link #active} (an array lookup) before
 * building anything for a hook, so unattached points cost one branch. Names and views are made once per attached
 * point, so a call allocates only its {@link Activation} record: a session, and with it its hooks, runs on one thread
 * at a time.
 */
public final class ResolvedHooks {

    public static final ResolvedHooks NONE = new ResolvedHooks(new Hook[HookPoint.values().length][1],
            new boolean[HookPoint.values().length][1]);

    private final Hook[][] hooks;
    private final String[][] names;
    private final ActivationView[][] views;
    private final boolean any;

    ResolvedHooks(Hook[][] hooks, boolean[][] writable) {
        this.hooks = hooks;
        this.names = new String[hooks.length][];
        this.views = new ActivationView[hooks.length][];
        boolean found = false;
        for (HookPoint point : HookPoint.values()) {
            int p = point.ordinal();
            names[p] = new String[hooks[p].length];
            views[p] = new ActivationView[hooks[p].length];
            for (int slot = 0; slot < hooks[p].length; slot++) {
                if (hooks[p][slot] == null) continue;
                found = true;
                names[p][slot] = point.hookName(slot);
                views[p][slot] = new ActivationView(writable[p][slot]);
            }
        }
        this.any = found;
    }

    public boolean any() {
        return any;
    }

    /** Whether something is attached at {@code point} of {@code layer} (use 0 for global points). */
    public boolean active(HookPoint point, int layer) {
        return any && hooks[point.ordinal()][point.perLayer() ? layer : 0] != null;
    }

    /** {@link #fire} a vector of {@code length} values when something is attached; allocates nothing otherwise. */
    public void fireIfActive(HookPoint point, int layer, int position, float[] data, int offset, int length) {
        if (active(point, layer)) fire(point, layer, position, data, offset, length);
    }

    /** {@link #fire} a {@code [rows, cols]} matrix when something is attached; allocates nothing otherwise. */
    public void fireIfActive(HookPoint point, int layer, int position, float[] data, int offset, int rows, int cols) {
        if (active(point, layer)) fire(point, layer, position, data, offset, rows, cols);
    }

    /** Calls the hooks at {@code point}; values are {@code data[offset, offset + product(shape))}. */
    public void fire(HookPoint point, int layer, int position, float[] data, int offset, int... shape) {
        int slot = point.perLayer() ? layer : 0;
        Hook hook = hooks[point.ordinal()][slot];
        if (hook == null) return;
        int length = 1;
        for (int s : shape) length *= s;
        ActivationView view = views[point.ordinal()][slot].window(data, offset, length);
        hook.accept(new Activation(names[point.ordinal()][slot], point, point.perLayer() ? layer : -1, position, view, shape));
    }
}
