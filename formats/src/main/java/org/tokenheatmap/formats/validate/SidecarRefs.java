package org.tokenheatmap.formats.validate;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** Resolves the file references of a JSON file (sidecars, the companion activation trace) against its directory. */
final class SidecarRefs {
    private SidecarRefs() {}

    /**
     * The referenced file, or null (after reporting why) when {@code ref} is not a relative path to an
     * existing regular file. A JSON null or an absent member is no reference and yields null silently.
     */
    static Path resolve(Path jsonFile, JsonNode ref, String place, Problems problems) {
        if (ref == null || !ref.isString()) {
            return null;
        }
        String text = ref.asString();
        Path relative;
        try {
            relative = Path.of(text);
        } catch (InvalidPathException e) {
            problems.add(place, "not a valid path: \"" + text + "\"");
            return null;
        }
        if (text.isEmpty() || relative.isAbsolute()) {
            problems.add(place, "\"" + text + "\" must be a non-empty path relative to the directory of " + jsonFile.getFileName());
            return null;
        }
        Path dir = jsonFile.toAbsolutePath().getParent();
        Path target = dir.resolve(relative).normalize();
        if (!Files.isRegularFile(target)) {
            problems.add(place, "\"" + text + "\" does not resolve to a file (looked for " + target + ")");
            return null;
        }
        return target;
    }
}
