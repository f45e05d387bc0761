package org.tokenheatmap.formats.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Map;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.npz.AtomicFile;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;

/**
 * Writes one of the JSON formats step by step: the fields before {@code steps} on creation, each step as it
 * is produced (nothing is kept), the fields after the steps on {@code finish}. The file appears at its
 * target only when finished; closing an unfinished writer (an exception, an interrupt) leaves no file.
 */
public abstract class StepsWriter<S extends IndexedStep> implements AutoCloseable {
    private final AtomicFile file;
    private final Path target;
    private final JsonGenerator gen;
    private int count;
    private boolean failed;
    private boolean finished;

    protected StepsWriter(Path target, JsonFormat format, String schemaVersion, Object leadingFields) {
        try {
            format.checkVersion(target, schemaVersion);
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.target = target;
        try {
            this.file = AtomicFile.create(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
        try {
            this.gen = Json.mapper().createGenerator(new BufferedOutputStream(Channels.newOutputStream(file.channel()), 1 << 16));
            gen.writeStartObject();
            writeFields(leadingFields);
            gen.writeName(JsonFormat.STEPS);
            gen.writeStartArray();
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Appends the next step; its {@code step} must equal the number of steps written before it. */
    public void write(S step) {
        requireOpen();
        if (step.step() != count) {
            throw new IllegalArgumentException("step " + step.step() + " written at index " + count
                    + " of " + target + "; steps[i].step must equal i");
        }
        try {
            writeStep(gen, step);
        } catch (JacksonIOException e) {
            failed = true;
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            failed = true;
            throw new IllegalArgumentException("cannot write step " + count + " of " + target + ": " + e.getMessage(), e);
        }
        count++;
    }

    /** Writes one step as a JSON value; subclasses may stream it field by field instead of through databind. */
    protected void writeStep(JsonGenerator gen, S step) {
        gen.writePOJO(step);
    }

    public int stepsWritten() {
        return count;
    }

    public Path target() {
        return target;
    }

    /** Closes the steps array, writes the trailing fields and atomically publishes the file. */
    protected void finish(Object trailingFields) {
        requireOpen();
        try {
            gen.writeEndArray();
            writeFields(trailingFields);
            gen.writeEndObject();
            gen.flush();
            file.commit();
            finished = true;
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            if (finished) {
                gen.close();
            }
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            discard();
        }
    }

    private void discard() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary file of " + target + ": " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (finished || failed) {
            throw new IllegalStateException("writer of " + target + " is " + (failed ? "broken by an earlier error" : "finished"));
        }
    }

    private void writeFields(Object fields) {
        if (fields == null) {
            return;
        }
        JsonNode tree = Json.mapper().valueToTree(fields);
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            gen.writeName(e.getKey());
            gen.writeTree(e.getValue());
        }
    }
}
