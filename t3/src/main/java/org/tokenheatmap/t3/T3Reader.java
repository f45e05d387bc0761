package org.tokenheatmap.t3;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.validate.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Streams the records of a T³ trace one line at a time; memory is bounded by the longest line. In strict mode a
 * broken line throws {@link BadInputException} naming its line; in lenient mode it is recorded in
 * {@link #problems()} (the first {@link #MAX_PROBLEMS}) and reading goes on with the next line.
 */
public final class T3Reader implements AutoCloseable {

    public enum Mode { STRICT, LENIENT }

    public static final int MAX_PROBLEMS = 1000;

    private final Path file;
    private final Mode mode;
    private final LineScanner lines;
    private final List<Problem> problems = new ArrayList<>();
    private int brokenLines;

    public T3Reader(Path file, Mode mode) {
        this.file = file;
        this.mode = mode;
        this.lines = new LineScanner(file);
    }

    /** The next record, or null at end of file. */
    public T3Record next() {
        while (lines.next()) {
            if (lines.isBlank()) continue;
            try {
                return parse(file, lines.lineNumber(), lines.bytes(), lines.length());
            } catch (BadInputException e) {
                if (mode == Mode.STRICT) throw e;
                brokenLines++;
                if (problems.size() < MAX_PROBLEMS) problems.add(new Problem(e.file(), e.place(), e.reason()));
            }
        }
        return null;
    }

    /** 1-based line number of the record last returned. */
    public int lineNumber() { return lines.lineNumber(); }

    /** Lines skipped in lenient mode (first {@link #MAX_PROBLEMS} of them). */
    public List<Problem> problems() { return Collections.unmodifiableList(problems); }

    public int brokenLines() { return brokenLines; }

    /** Parses one line's bytes into a record; any defect becomes a {@link BadInputException} at "line N". */
    public static T3Record parse(Path file, int lineNumber, byte[] bytes, int length) {
        try {
            return T3Records.parse(bytes, length);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "line " + lineNumber, e.getMessage());
        }
    }

    @Override
    public void close() { lines.close(); }
}
