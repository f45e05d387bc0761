package org.tokenheatmap.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses {@code heatmap serve --models name=path,...}: the models live capture may use besides the known names. */
public final class ModelList {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ModelList() {
    }

    /** Name → model file, in the given order; every file must exist, names must be unique and plain. */
    public static Map<String, Path> parse(String spec) {
        Map<String, Path> models = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) return models;
        for (String item : spec.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--models: '" + item + "' is not name=path");
            String name = item.substring(0, eq).strip();
            Path path = Path.of(item.substring(eq + 1).strip());
            if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("--models: bad name '" + name + "' (letters, digits, . _ -)");
            if (!Files.isRegularFile(path)) throw new IllegalArgumentException("--models: " + name + ": no such file " + path);
            if (models.put(name, path.toAbsolutePath()) != null) throw new IllegalArgumentException("--models: '" + name + "' given twice");
        }
        return models;
    }
}
