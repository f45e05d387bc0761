package org.tokenheatmap.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The (layer, submodule) slots compared at every step: layers and submodules captured on both sides, layer-major
 * in A's order (as the diff schema asks), plus warnings naming what only one side captured.
 */
record SlotPlan(List<Slot> slots, List<String> warnings) {

    record Slot(int layer, String submodule) {}

    static SlotPlan of(TraceSide a, TraceSide b) {
        if (!a.hasActivations() || !b.hasActivations())
            return new SlotPlan(List.of(), List.of((a.hasActivations() ? "B" : "A") + " has no " + TraceSide.ACTIVATIONS_FILE
                    + " (an imported run, or captured with --no-activations): only its tokens are compared"));
        var warnings = new ArrayList<String>();
        warnOneSided("layers", a.capturedLayers(), b.capturedLayers(), warnings);
        warnOneSided("submodules", a.metadata().capturedSubmodules(), b.metadata().capturedSubmodules(), warnings);
        var slots = new ArrayList<Slot>();
        for (int layer : a.capturedLayers()) {
            if (!b.capturedLayers().contains(layer)) continue;
            for (String submodule : a.metadata().capturedSubmodules())
                if (b.metadata().capturedSubmodules().contains(submodule)) slots.add(new Slot(layer, submodule));
        }
        return new SlotPlan(List.copyOf(slots), List.copyOf(warnings));
    }

    private static <T> void warnOneSided(String what, List<T> a, List<T> b, List<String> warnings) {
        List<T> onlyA = a.stream().filter(x -> !b.contains(x)).toList();
        List<T> onlyB = b.stream().filter(x -> !a.contains(x)).toList();
        if (!onlyA.isEmpty()) warnings.add(what + " captured only in A, skipped: " + onlyA);
        if (!onlyB.isEmpty()) warnings.add(what + " captured only in B, skipped: " + onlyB);
    }
}
