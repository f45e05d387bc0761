package org.tokenheatmap.t3.validate;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.validate.FileKindValidator;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.t3.LineScanner;
import org.tokenheatmap.t3.T3Record;
import org.tokenheatmap.t3.T3Records;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code heatmap validate} support for T³ ecology traces ("t3-trace"): a JSONL file whose first record is a T³
 * meta. Streams the file line by line: each record is checked against its JSON Schema, then against
 * {@link TraceRules}. Memory stays bounded: one line, the meta record, counters and at most
 * {@link #MAX_PROBLEMS} problems.
 */
public final class T3TraceValidator implements FileKindValidator {

    public static final int MAX_PROBLEMS = 1000;
    /** Schema messages kept per line: one bad array can otherwise produce thousands. */
    private static final int MAX_SCHEMA_MESSAGES_PER_LINE = 5;

    private static volatile T3Schemas schemas;

    @Override
    public String kind() { return "t3-trace"; }

    /** Recognised when the first JSON value is an object with "type": "meta" and a T³ field (n_stages or primitive_signature). */
    @Override
    public boolean recognises(Path file, byte[] head) {
        boolean meta = false, t3Field = false;
        try (JsonParser p = T3Records.MAPPER.createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) p.skipChildren();
                if (name.equals("type")) meta = v == JsonToken.VALUE_STRING && p.getString().equals("meta");
                if (name.equals("n_stages") || name.equals("primitive_signature")) t3Field = true;
                if (meta && t3Field) return true;
            }
        } catch (JacksonException e) {
            // A head cut off inside the first record: decide on the fields seen so far.
        }
        return meta && t3Field;
    }

    @Override
    public List<Problem> validate(Path file) {
        List<Problem> problems = new ArrayList<>();
        int[] dropped = {0};
        String name = file.toString();
        TraceRules rules = new TraceRules((line, reason) -> {
            if (problems.size() < MAX_PROBLEMS) problems.add(new Problem(name, "line " + line, reason));
            else dropped[0]++;
        });
        T3Schemas schema = schemas();
        try (LineScanner lines = new LineScanner(file)) {
            while (lines.next()) {
                if (lines.isBlank()) continue;
                checkLine(lines, schema, rules, problems, dropped, name);
            }
            rules.finish();
        } catch (BadInputException e) {
            problems.add(new Problem(name, e.place(), e.reason()));
        } catch (UncheckedIOException e) {
            problems.add(new Problem(name, "", "cannot read: " + e.getMessage()));
        }
        if (dropped[0] > 0) problems.add(new Problem(name, "", dropped[0] + " more problems not listed"));
        return problems;
    }

    private static void checkLine(LineScanner lines, T3Schemas schema, TraceRules rules, List<Problem> problems,
                                  int[] dropped, String name) {
        int line = lines.lineNumber();
        JsonNode node;
        try {
            node = T3Records.MAPPER.readTree(lines.bytes(), 0, lines.length());
        } catch (JacksonException e) {
            add(problems, dropped, new Problem(name, "line " + line, "not valid JSON: " + e.getOriginalMessage()));
            rules.unreadable();
            return;
        }
        if (node == null || !node.isObject()) {
            add(problems, dropped, new Problem(name, "line " + line, "expected a JSON object"));
            rules.unreadable();
            return;
        }
        List<String> violations = schema.check(node);
        if (!violations.isEmpty()) {
            violations.stream().limit(MAX_SCHEMA_MESSAGES_PER_LINE)
                    .forEach(v -> add(problems, dropped, new Problem(name, "line " + line, v)));
            JsonNode type = node.get("type");
            if (type != null && type.isString()) rules.countOnly(type.stringValue(), line);
            return;
        }
        T3Record record;
        try {
            record = T3Records.parse(lines.bytes(), lines.length());
        } catch (IllegalArgumentException e) {
            add(problems, dropped, new Problem(name, "line " + line, e.getMessage()));
            rules.unreadable();
            return;
        }
        rules.accept(record, line);
    }

    private static void add(List<Problem> problems, int[] dropped, Problem p) {
        if (problems.size() < MAX_PROBLEMS) problems.add(p);
        else dropped[0]++;
    }

    private static T3Schemas schemas() {
        T3Schemas s = schemas;
        if (s == null) schemas = s = new T3Schemas();
        return s;
    }
}
