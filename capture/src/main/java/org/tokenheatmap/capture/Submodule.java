package org.tokenheatmap.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tokenheatmap.engine.hooks.HookPoint;

/** The activation probe's submodules (PRODUCT.md names), each a hidden_dim-long vector at one engine hook point. */
public enum Submodule {
    RESID_PRE("resid_pre", HookPoint.RESID_PRE),
    RESID_MID("resid_mid", HookPoint.RESID_MID),
    RESID_POST("resid_post", HookPoint.RESID_POST),
    /** Attention output after the output projection. */
    O_PROJ("o_proj", HookPoint.ATTN_OUT),
    /** MLP output after the down projection. */
    MLP_DOWN_PROJ("mlp.down_proj", HookPoint.MLP_OUT);

    private final String id;
    private final HookPoint point;

    Submodule(String id, HookPoint point) {
        this.id = id;
        this.point = point;
    }

    /** The name written to the trace files. */
    public String id() {
        return id;
    }

    public HookPoint hookPoint() {
        return point;
    }

    public static Submodule fromId(String id) {
        for (Submodule s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("unknown submodule '" + id + "' (known: "
                + Arrays.stream(values()).map(Submodule::id).toList() + ")");
    }

    /** Parses a comma-separated list, keeping the given order and refusing duplicates. */
    public static List<Submodule> parseList(String spec) {
        List<Submodule> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) continue;
            Submodule s = fromId(part.strip());
            if (out.contains(s)) throw new IllegalArgumentException("submodule '" + s.id + "' listed twice");
            out.add(s);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no submodules in '" + spec + "'");
        return List.copyOf(out);
    }
}
