package org.tokenheatmap.formats.sidecar;

/** A Tier 2 sidecar: the attention or activation payload of one (trace, step) pair, as {@code read_sidecar} returns it. */
public sealed interface Sidecar permits AttentionSidecar, ActivationSidecar {

    /** Semver of the sidecar schema. */
    String schemaVersion();

    /** Zero-indexed generation step. */
    long step();

    SidecarKind kind();
}
