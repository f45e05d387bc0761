package org.tokenheatmap.formats.json;

import org.tokenheatmap.formats.BadInputException;

/**
 * The JSON trace formats: each is one object with a potentially huge {@code steps} array, a schema
 * resource, and the major version this build reads.
 */
public enum JsonFormat {
    TRACE("trace", "trace.schema.json", 2, "2.1.0"),
    ACTIVATION_TRACE("activation-trace", "activation.schema.json", 1, "1.1.0"),
    ACTIVATION_DIFF("activation-diff", "activation-diff.schema.json", 1, "1.0.0"),
    TOKEN_DIFF("token-diff", "token-diff.schema.json", 1, "1.0.0");

    /** Name of the streamed array in every format. */
    public static final String STEPS = "steps";

    private final String kind;
    private final String schemaFile;
    private final int supportedMajor;
    private final String currentVersion;

    JsonFormat(String kind, String schemaFile, int supportedMajor, String currentVersion) {
        this.kind = kind;
        this.schemaFile = schemaFile;
        this.supportedMajor = supportedMajor;
        this.currentVersion = currentVersion;
    }

    public String kind() { return kind; }
    public String schemaFile() { return schemaFile; }
    public String currentVersion() { return currentVersion; }

    /** Classpath resource of the schema. */
    public String schemaResource() {
        return "/org/tokenheatmap/formats/schemas/" + schemaFile;
    }

    /**
     * Hard-fails on a version this build cannot read: not semver, or an unknown major. Newer minors are
     * read (they only add optional fields, which the readers ignore).
     */
    public void checkVersion(Object file, String version) {
        if (version == null) {
            throw new BadInputException(file, "/schema_version", "missing schema_version");
        }
        if (!version.matches("[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}")) {
            throw new BadInputException(file, "/schema_version",
                    "schema_version \"" + version + "\" is not a semantic version MAJOR.MINOR.PATCH");
        }
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        if (major != supportedMajor) {
            throw new BadInputException(file, "/schema_version", "unsupported major version " + major + " of "
                    + schemaFile + "; this build reads " + supportedMajor + ".x");
        }
    }
}
