package org.tokenheatmap.capture;

import java.util.List;
import java.util.TreeSet;

/** Which decoder layers the probes capture: all, or a list such as {@code 0,2,5-7}. */
public record LayerSelection(List<Integer> explicit) {
    public static final LayerSelection ALL = new LayerSelection(null);

    public LayerSelection {
        if (explicit != null) explicit = List.copyOf(explicit);
    }

    /** Parses {@code 0,2,5-7} (ascending, duplicate-free result); "all" or blank selects every layer. */
    public static LayerSelection parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("all")) return ALL;
        TreeSet<Integer> layers = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                int dash = p.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
                if (from < 0 || to < from) throw new IllegalArgumentException("bad layer range '" + p + "' in --layers " + spec);
                for (int l = from; l <= to; l++) layers.add(l);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad layer '" + p + "' in --layers " + spec + " (use e.g. 0,2,5-7)");
            }
        }
        if (layers.isEmpty()) throw new IllegalArgumentException("no layers in --layers " + spec);
        return new LayerSelection(List.copyOf(layers));
    }

    /** The selected layers of a model with {@code numLayers} blocks, ascending. */
    public List<Integer> resolve(int numLayers) {
        if (explicit == null) return java.util.stream.IntStream.range(0, numLayers).boxed().toList();
        for (int l : explicit) {
            if (l >= numLayers) throw new IllegalArgumentException("layer " + l + " does not exist; the model has layers 0.." + (numLayers - 1));
        }
        return explicit;
    }
}
