package org.tokenheatmap.engine.hooks;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Attachments by name, TransformerLens-style: {@code hooks.add("blocks.3.attn.hook_pattern", fn)}; {@code *} matches
 * any run of characters ({@code "blocks.*.hook_resid_post"}). A model session {@linkplain #resolve resolves} them once
 * into per-layer flags, so a pass with nothing attached makes no hook calls and no allocations.
 */
public final class Hooks {

    private record Attachment(String pattern, Pattern regex, Hook hook, boolean writable) {}

    private final List<Attachment> attachments = new ArrayList<>();

    public static Hooks none() {
        return new Hooks();
    }

    /** Attaches a read-only observer to every point whose name matches {@code namePattern}. */
    public Hooks add(String namePattern, Hook hook) {
        return attach(namePattern, hook, false);
    }

    /** Attaches a hook that may modify the values it is given (activation patching). */
    public Hooks patch(String namePattern, Hook hook) {
        return attach(namePattern, hook, true);
    }

    private Hooks attach(String namePattern, Hook hook, boolean writable) {
        StringBuilder regex = new StringBuilder();
        for (String part : namePattern.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        attachments.add(new Attachment(namePattern, Pattern.compile(regex.toString()), hook, writable));
        return this;
    }

    public boolean isEmpty() {
        return attachments.isEmpty();
    }

    /** Binds the attachments to a model with {@code layers} blocks and every hook point. */
    public ResolvedHooks resolve(int layers) {
        return resolve(layers, EnumSet.allOf(HookPoint.class), "this");
    }

    /**
     * Binds the attachments to a model with {@code layers} blocks that has the hook points {@code available}.
     *
     * @param modelKind names the model in errors, e.g. {@code gpt2}
     * @throws IllegalArgumentException if a pattern matches no hook point (most likely a typo), or only points that
     *                                  this model lacks (e.g. {@code attn.hook_rot_q} on a model without rotary)
     */
    public ResolvedHooks resolve(int layers, Set<HookPoint> available, String modelKind) {
        HookPoint[] points = HookPoint.values();
        @SuppressWarnings("unchecked")
        List<Attachment>[][] bound = new List[points.length][layers];
        boolean[] used = new boolean[attachments.size()];
        Map<Integer, HookPoint> missing = new HashMap<>();
        for (HookPoint point : points) {
            for (int layer = 0; layer < (point.perLayer() ? layers : 1); layer++) {
                String name = point.hookName(layer);
                for (int a = 0; a < attachments.size(); a++) {
                    if (!attachments.get(a).regex().matcher(name).matches()) continue;
                    if (!available.contains(point)) {
                        missing.putIfAbsent(a, point);
                        continue;
                    }
                    if (bound[point.ordinal()][layer] == null) bound[point.ordinal()][layer] = new ArrayList<>();
                    bound[point.ordinal()][layer].add(attachments.get(a));
                    used[a] = true;
                }
            }
        }
        for (int a = 0; a < used.length; a++) {
            if (used[a]) continue;
            String pattern = attachments.get(a).pattern();
            if (missing.containsKey(a)) {
                throw new IllegalArgumentException("hook '" + pattern + "' names " + missing.get(a).suffix() + ", which "
                        + modelKind + " models do not have (see docs/engine.md, hook points)");
            }
            throw new IllegalArgumentException("hook '" + pattern + "' matches no hook point"
                    + " (names: hook_embed, blocks.{0.." + (layers - 1) + "}.hook_resid_pre, ...; see docs/engine.md)");
        }
        Hook[][] hooks = new Hook[points.length][layers];
        boolean[][] writable = new boolean[points.length][layers];
        for (int p = 0; p < points.length; p++) {
            for (int layer = 0; layer < layers; layer++) {
                List<Attachment> list = bound[p][layer];
                if (list == null) continue;
                Hook[] fns = list.stream().map(Attachment::hook).toArray(Hook[]::new);
                hooks[p][layer] = fns.length == 1 ? fns[0] : activation -> {
                    for (Hook h : fns) h.accept(activation);
                };
                writable[p][layer] = list.stream().anyMatch(Attachment::writable);
            }
        }
        return new ResolvedHooks(hooks, writable);
    }
}
