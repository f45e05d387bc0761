package org.tokenheatmap.formats.json;

import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one of our JSON formats with bounded memory: every top-level field except {@code steps} is kept as
 * a tree, the elements of {@code steps} are handed out one at a time. Fields may come in any order; when
 * one of {@code neededFirst} is not before {@code steps}, a first pass skips over the steps to collect them.
 * The schema version is checked as soon as it is known. Every problem is a {@link BadInputException}.
 */
public final class JsonStepsStream implements AutoCloseable {
    private enum State { IN_STEPS, DONE }

    private final Path file;
    private final JsonParser parser;
    private final ObjectNode outside = Json.mapper().createObjectNode();
    private State state;
    private boolean sawSteps;
    private boolean peeked;
    private int index;

    private JsonStepsStream(Path file, JsonFormat format, List<String> neededFirst) {
        this.file = file;
        this.parser = open(file);
        try {
            expectObjectStart(parser);
            state = readFieldsUntilSteps(parser, false);
            sawSteps = state == State.IN_STEPS;
            if (state == State.IN_STEPS && !(outside.has("schema_version") && neededFirst.stream().allMatch(outside::has))) {
                collectAllOutsideFields();
            }
            JsonNode version = outside.get("schema_version");
            if (version != null && !version.isString()) {
                throw new BadInputException(file, "/schema_version", "schema_version must be a string");
            }
            format.checkVersion(file, version == null ? null : version.asString());
        } catch (JacksonException e) {
            close();
            throw JsonErrors.badInput(file, parser, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens a file of {@code format}; {@code neededFirst} are top-level fields the caller needs before the steps. */
    public static JsonStepsStream open(Path file, JsonFormat format, List<String> neededFirst) {
        return new JsonStepsStream(file, format, neededFirst);
    }

    public Path file() {
        return file;
    }

    /** The top-level fields other than steps seen so far; all of them once {@link #hasNextStep()} returned false. */
    public ObjectNode outsideFields() {
        return outside;
    }

    /** Whether the document has a {@code steps} member at all. */
    public boolean hasStepsMember() {
        return sawSteps;
    }

    /** Index the next step will have. */
    public int nextIndex() {
        return index;
    }

    public boolean hasNextStep() {
        if (peeked) {
            return true;
        }
        if (state == State.DONE) {
            return false;
        }
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new BadInputException(file, "/steps", "truncated JSON: file ends inside the steps array");
            }
            if (token == JsonToken.END_ARRAY) {
                state = readFieldsUntilSteps(parser, true);
                return false;
            }
            peeked = true;
            return true;
        } catch (JacksonException e) {
            throw JsonErrors.badInput(file, parser, e);
        }
    }

    /** The next element of steps as a tree. */
    public JsonNode nextStepTree() {
        return nextStep(JsonNode.class);
    }

    /** The next element of steps bound to {@code type}. */
    public <T> T nextStep(Class<T> type) {
        if (!hasNextStep()) {
            throw new java.util.NoSuchElementException("no more steps in " + file);
        }
        peeked = false;
        try {
            T value = Json.mapper().readValue(parser, type);
            index++;
            return value;
        } catch (JacksonException e) {
            throw JsonErrors.badInput(file, parser, e);
        }
    }

    /** Reads and drops the remaining steps so that the fields after them become known. */
    public void skipRemainingSteps() {
        try {
            while (hasNextStep()) {
                peeked = false;
                parser.skipChildren();
                index++;
            }
        } catch (JacksonException e) {
            throw JsonErrors.badInput(file, parser, e);
        }
    }

    @Override
    public void close() {
        parser.close();
    }

    private static JsonParser open(Path file) {
        try {
            return Json.mapper().createParser(file.toFile());
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "cannot read: " + e.getOriginalMessage(), e);
        }
    }

    private void expectObjectStart(JsonParser p) {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new BadInputException(file, "", "empty file, expected a JSON object");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new BadInputException(file, "", "expected a JSON object at the top level, found " + describe(first));
        }
    }

    /**
     * Reads top-level members until {@code steps} (leaving the parser on its START_ARRAY) or the end of the
     * object. After the steps, another {@code steps} member is kept as an ordinary field (the parser's
     * duplicate detection rejects it).
     */
    private State readFieldsUntilSteps(JsonParser p, boolean afterSteps) {
        while (true) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.END_OBJECT) {
                if (p.nextToken() != null) {
                    throw new BadInputException(file, "", "unexpected content after the top-level object");
                }
                return State.DONE;
            }
            if (token == null) {
                throw new BadInputException(file, "", "truncated JSON: file ends inside the top-level object");
            }
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (JsonFormat.STEPS.equals(name) && !afterSteps) {
                if (value != JsonToken.START_ARRAY) {
                    throw new BadInputException(file, "/steps", "steps must be an array, found " + describe(value));
                }
                return State.IN_STEPS;
            }
            outside.set(name, Json.mapper().readTree(p));
        }
    }

    /** First pass over the whole file, steps skipped, to learn fields that come after the steps. */
    private void collectAllOutsideFields() {
        JsonParser scan = open(file);
        try (scan) {
            expectObjectStart(scan);
            while (true) {
                JsonToken token = scan.nextToken();
                if (token == JsonToken.END_OBJECT || token == null) {
                    return;
                }
                String name = scan.currentName();
                scan.nextToken();
                if (JsonFormat.STEPS.equals(name)) {
                    scan.skipChildren();
                } else if (!outside.has(name)) {
                    outside.set(name, Json.mapper().readTree(scan));
                } else {
                    scan.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw JsonErrors.badInput(file, scan, e);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case null -> "the end of the file";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
