package org.tokenheatmap.formats.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

/**
 * The independent reference: Python's jsonschema Draft202012Validator, run as a subprocess on files, against
 * the schema resources shipped in the jar.
 */
public final class PythonJsonSchema {
    private static final String SCRIPT = """
            import json, sys
            from jsonschema import Draft202012Validator
            validators = {}
            args = sys.argv[1:]
            for schema_path, path in zip(args[0::2], args[1::2]):
                if schema_path not in validators:
                    schema = json.load(open(schema_path))
                    Draft202012Validator.check_schema(schema)
                    validators[schema_path] = Draft202012Validator(schema)
                errors = sorted(validators[schema_path].iter_errors(json.load(open(path))), key=lambda e: list(e.absolute_path))
                print(path + "\\t" + ("OK" if not errors else " | ".join(
                    "/" + "/".join(map(str, e.absolute_path)) + ": " + e.message[:200] for e in errors[:5])))
            """;

    private PythonJsonSchema() {}

    /** File → "OK" or the first errors Python found, every file checked against {@code format}'s schema. */
    public static Map<Path, String> validate(JsonFormat format, List<Path> files) throws IOException {
        Map<Path, JsonFormat> formats = new LinkedHashMap<>();
        files.forEach(f -> formats.put(f, format));
        return validate(formats);
    }

    /** File → "OK" or the first errors Python found, each file against its own format's schema, in one Python run. */
    public static Map<Path, String> validate(Map<Path, JsonFormat> files) throws IOException {
        List<Path> args = new ArrayList<>();
        for (Map.Entry<Path, JsonFormat> e : files.entrySet()) {
            args.add(TestFiles.resource(PythonJsonSchema.class, e.getValue().schemaResource()));
            args.add(e.getKey());
        }
        String output = Python.code(SCRIPT, args.toArray()).withTimeout(Duration.ofSeconds(60)).run();
        Map<Path, String> results = new LinkedHashMap<>();
        output.lines().map(l -> l.split("\t", 2)).forEach(p -> results.put(Path.of(p[0]), p[1]));
        if (!results.keySet().equals(files.keySet())) {
            throw new IOException("python3 printed " + output);
        }
        return results;
    }
}
