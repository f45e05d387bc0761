package org.tokenheatmap.compare;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Map;
import org.tokenheatmap.formats.npz.AtomicFile;
import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Streams a token diff: header, then each step as it is computed (none kept), then a summary of running means.
 * The file appears only on {@link #finish()}; closing an unfinished writer leaves nothing behind.
 */
final class TokenDiffWriter implements AutoCloseable {

    private final AtomicFile file;
    private final JsonGenerator gen;
    private int steps, top1Known, top1Agreed, jsKnown;
    private double jsSum, absLogprobSum, absEntropySum;

    TokenDiffWriter(Path target, TokenDiff.Header header) {
        try {
            file = AtomicFile.create(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
        try {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file.channel()), 1 << 16);
            gen = Json.mapper().createGenerator(out);
            gen.writeStartObject();
            writeFields(header);
            gen.writeName("steps");
            gen.writeStartArray();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    void write(TokenDiff.StepDiff step) {
        if (step.step() != steps) throw new IllegalArgumentException("step " + step.step() + " written at " + steps);
        gen.writePOJO(step);
        steps++;
        absLogprobSum += Math.abs(step.logprobDelta());
        absEntropySum += Math.abs(step.entropyDelta());
        if (step.top1Agrees() != null) {
            top1Known++;
            if (step.top1Agrees()) top1Agreed++;
        }
        if (step.jsDivergence() != null) {
            jsKnown++;
            jsSum += step.jsDivergence();
        }
    }

    void finish() {
        gen.writeEndArray();
        writeFields(Map.of("summary", new TokenDiff.Summary(steps, mean(top1Agreed, top1Known), mean(jsSum, jsKnown),
                mean(absLogprobSum, steps), mean(absEntropySum, steps))));
        gen.writeEndObject();
        gen.flush();
        try {
            file.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Double mean(double sum, int count) { return count == 0 ? null : sum / count; }

    private void writeFields(Object fields) {
        JsonNode tree = Json.mapper().valueToTree(fields);
        for (var e : tree.properties()) {
            gen.writeName(e.getKey());
            gen.writeTree(e.getValue());
        }
    }

    /** Discards the file unless {@link #finish()} committed it. */
    @Override public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
