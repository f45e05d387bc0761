package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.json.JsonStepsStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Typed, streaming reader of one of the JSON formats: the header is read on open, steps are bound one at a
 * time as the caller iterates, so memory stays bounded however many steps the file has. Not thread-safe;
 * iterate once. Bad content raises {@link BadInputException}.
 */
public abstract class StepsReader<H, S> implements Iterator<S>, Iterable<S>, AutoCloseable {
    private final JsonStepsStream stream;
    private final Class<S> stepType;
    private final H header;

    protected StepsReader(Path file, JsonFormat format, List<String> headerFields, Class<H> headerType, Class<S> stepType) {
        this.stream = JsonStepsStream.open(file, format, headerFields);
        this.stepType = stepType;
        try {
            this.header = bind(stream.outsideFields(), headerType, "");
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    public H header() {
        return header;
    }

    public Path file() {
        return stream.file();
    }

    @Override
    public boolean hasNext() {
        return stream.hasNextStep();
    }

    @Override
    public S next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return stream.nextStep(stepType);
    }

    @Override
    public Iterator<S> iterator() {
        return this;
    }

    @Override
    public void close() {
        stream.close();
    }

    /** The top-level value {@code name}, reading past the remaining steps if it comes after them. */
    protected <T> T fieldAfterSteps(String name, Class<T> type) {
        if (!stream.outsideFields().has(name)) {
            stream.skipRemainingSteps();
        }
        JsonNode node = stream.outsideFields().get(name);
        if (node == null) {
            throw new BadInputException(file(), "", "missing required field " + name);
        }
        return bind(node, type, "/" + name);
    }

    private <T> T bind(JsonNode node, Class<T> type, String place) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JacksonException e) {
            throw new BadInputException(file(), place, e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }
}
