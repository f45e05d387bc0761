package org.tokenheatmap.formats.trace;

/** Everything of an activation trace that precedes `steps`. */
public record ActivationHeader(String schemaVersion, ActivationMetadata activationMetadata) {

    /** The activation.schema.json version this build writes. */
    public static final String SCHEMA_VERSION = "1.1.0";
}
