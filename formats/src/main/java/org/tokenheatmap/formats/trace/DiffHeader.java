package org.tokenheatmap.formats.trace;

/** Everything of an activation diff besides its steps (the writer puts `alignment` after the steps). */
public record DiffHeader(String schemaVersion, Alignment alignment) {

    /** The activation-diff.schema.json version this build writes. */
    public static final String SCHEMA_VERSION = "1.0.0";
}
