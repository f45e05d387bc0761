package org.tokenheatmap.t3;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.t3.validate.T3TraceValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arbitrary bytes as a trace: the streaming reader, the index and the validator either succeed or report
 * {@link BadInputException} / problems, never another exception or a hang. Under surefire this replays the seeds in
 * T3ReaderFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes for maxDuration.
 */
class T3ReaderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void readersNeverFailOutsideBadInput(byte[] data) throws IOException {
        readEverything(data);
    }

    /** Runs every reader over {@code data}; only {@link BadInputException} may escape a reader, and none the validator. */
    static void readEverything(byte[] data) throws IOException {
        Path file = Files.createTempFile("t3fuzz", ".jsonl");
        try {
            Files.write(file, data);
            try (T3Reader r = new T3Reader(file, T3Reader.Mode.LENIENT)) {
                while (r.next() != null) { /* drain */ }
            }
            try (T3Reader r = new T3Reader(file, T3Reader.Mode.STRICT)) {
                while (r.next() != null) { /* drain */ }
            } catch (BadInputException expected) { /* reported with a place */ }
            try (T3Trace trace = T3Trace.open(file)) {
                for (int i = 0; i < trace.frameCount(); i++) {
                    try {
                        trace.frame(i);
                    } catch (BadInputException expected) { /* a broken frame line */ }
                }
            } catch (BadInputException expected) { /* not an indexable trace */ }
            new T3TraceValidator().validate(file);
            try {
                org.tokenheatmap.t3.analysis.Summarizer.summarize(file, T3Reader.Mode.LENIENT);
            } catch (BadInputException expected) { /* no meta */ }
        } finally {
            Files.delete(file);
        }
    }
}
