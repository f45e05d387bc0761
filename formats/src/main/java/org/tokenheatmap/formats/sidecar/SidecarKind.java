package org.tokenheatmap.formats.sidecar;

import org.tokenheatmap.formats.BadInputException;

/**
 * The two sidecar kinds, with the schema each follows, the schema major version this code understands and the
 * 0-d key that tells them apart in an archive.
 */
public enum SidecarKind {
    ATTENTION("attention-sidecar", "attention-sidecar.schema.json", "2.0.0", "num_attention_heads"),
    ACTIVATION("activation-sidecar", "activation-sidecar.schema.json", "1.0.0", "hidden_dim");

    private final String validatorKind;
    private final String schemaFile;
    private final String currentVersion;
    private final String markerKey;

    SidecarKind(String validatorKind, String schemaFile, String currentVersion, String markerKey) {
        this.validatorKind = validatorKind;
        this.schemaFile = schemaFile;
        this.currentVersion = currentVersion;
        this.markerKey = markerKey;
    }

    /** Name used by {@code heatmap validate}. */
    public String validatorKind() { return validatorKind; }

    /** File name of the seed schema under {@code org/tokenheatmap/formats/schemas/}. */
    public String schemaFile() { return schemaFile; }

    /** The schema_version this code writes. */
    public String currentVersion() { return currentVersion; }

    /** A key only this kind's archives hold. */
    String markerKey() { return markerKey; }

    /**
     * Checks that {@code version} is semver with a major version this code knows (minor and patch bumps are
     * compatible additions); anything else cannot be interpreted safely.
     */
    public void requireKnownVersion(String version, Object file) {
        if (version == null || !version.matches("[0-9]+\\.[0-9]+\\.[0-9]+"))
            throw new BadInputException(file, "schema_version", "'" + version + "' is not a semver version (MAJOR.MINOR.PATCH)");
        String major = version.substring(0, version.indexOf('.'));
        String known = currentVersion.substring(0, currentVersion.indexOf('.'));
        if (!major.equals(known))
            throw new BadInputException(file, "schema_version", "unsupported " + validatorKind + " schema major version " + major
                    + " (version " + version + "); this reader understands " + known + ".x.y");
    }
}
