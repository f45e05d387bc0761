package org.tokenheatmap.t3;

import org.tokenheatmap.formats.BadInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Splits a file into lines, remembering each line's byte offset and 1-based number. A line longer than
 * {@link #MAX_LINE_BYTES} is an error, so a file without newlines cannot exhaust memory.
 */
public final class LineScanner implements Closeable {

    /** Longest line accepted (a frame of a big model is a few hundred KiB). */
    public static final int MAX_LINE_BYTES = 64 << 20;

    private final Path file;
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos, chunkLen;
    private long chunkStart;             // file offset of chunk[0]
    private byte[] line = new byte[1 << 14];
    private int lineLen;
    private long lineOffset;
    private int lineNumber;

    public LineScanner(Path file) {
        this.file = file;
        try {
            this.in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Advances to the next line (a final line without '\n' counts); false at end of file. */
    public boolean next() {
        lineLen = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                if (!any) return false;
                break;
            }
            if (!any) {
                lineOffset = chunkStart + chunkPos;
                lineNumber++;
                any = true;
            }
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') chunkPos++;
            append(start, chunkPos - start);
            if (chunkPos < chunkLen) {  // found the newline
                chunkPos++;
                break;
            }
        }
        if (lineLen > 0 && line[lineLen - 1] == '\r') lineLen--;
        return true;
    }

    private boolean fill() {
        try {
            chunkStart += chunkLen;
            chunkPos = 0;
            chunkLen = Math.max(0, in.read(chunk));
            return chunkLen > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private void append(int from, int n) {
        if ((long) lineLen + n > MAX_LINE_BYTES)
            throw new BadInputException(file, "line " + lineNumber, "line longer than " + MAX_LINE_BYTES + " bytes");
        if (lineLen + n > line.length) line = Arrays.copyOf(line, Math.max(lineLen + n, line.length * 2));
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    /** Bytes of the current line, valid until the next call of {@link #next()}; see {@link #length()}. */
    public byte[] bytes() { return line; }
    public int length() { return lineLen; }
    public long offset() { return lineOffset; }
    public int lineNumber() { return lineNumber; }

    /** True when the current line holds only whitespace (allowed, e.g. a trailing empty line). */
    public boolean isBlank() {
        for (int i = 0; i < lineLen; i++) if (line[i] > ' ') return false;
        return true;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
