package org.tokenheatmap.t3;

import org.tokenheatmap.formats.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Random access to a T³ trace of any size. Opening makes one pass: the header records (meta, stage_geom,
 * chain_state) are parsed and kept; each frame line is only skimmed for its stage and ACT call, and its byte
 * offset is stored. {@link #frame(int)} then seeks and parses that one line. Reads use positional
 * {@link FileChannel} reads, so one instance may serve many threads (e.g. a web server).
 */
public final class T3Trace implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final T3Record.Meta meta;
    private final List<T3Record.StageGeom> stageGeoms;
    private final List<T3Record.ChainState> chainStates;
    private final FrameTable frames;

    private T3Trace(Path file, FileChannel channel, T3Record.Meta meta, List<T3Record.StageGeom> stageGeoms,
                    List<T3Record.ChainState> chainStates, FrameTable frames) {
        this.file = file;
        this.channel = channel;
        this.meta = meta;
        this.stageGeoms = List.copyOf(stageGeoms);
        this.chainStates = List.copyOf(chainStates);
        this.frames = frames;
    }

    /** Opens and indexes a trace; a malformed header record or misplaced record throws {@link BadInputException}. */
    public static T3Trace open(Path file) {
        T3Record.Meta meta = null;
        List<T3Record.StageGeom> geoms = new ArrayList<>();
        List<T3Record.ChainState> states = new ArrayList<>();
        FrameTable frames = new FrameTable();
        try (LineScanner lines = new LineScanner(file)) {
            while (lines.next()) {
                if (lines.isBlank()) continue;
                String place = "line " + lines.lineNumber();
                if (meta != null && (!frames.isEmpty() || isFrame(lines))) {
                    Map<String, Object> f = TopLevelScalars.read(lines.bytes(), lines.length());
                    if (!"frame".equals(f.get("type")))
                        throw new BadInputException(file, place, "expected a frame record (frames come last)");
                    int stage = TopLevelScalars.intOr(f, "stage_idx", -1);
                    int call = TopLevelScalars.intOr(f, "act_call", -1);
                    if (stage < 0 || call < 0)
                        throw new BadInputException(file, place, "frame without a valid stage_idx and act_call");
                    frames.add(lines.offset(), lines.length(), lines.lineNumber(), stage, call);
                    continue;
                }
                T3Record r = T3Reader.parse(file, lines.lineNumber(), lines.bytes(), lines.length());
                if (meta == null && r instanceof T3Record.Meta m) meta = m;
                else if (meta == null) throw new BadInputException(file, place, "the first record must be meta");
                else if (r instanceof T3Record.StageGeom g && states.isEmpty()) geoms.add(g);
                else if (r instanceof T3Record.ChainState c) states.add(c);
                else throw new BadInputException(file, place, "record '" + r.type() + "' out of order");
            }
        }
        if (meta == null) throw new BadInputException(file, "", "no meta record: not a T³ trace");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return new T3Trace(file, channel, meta, geoms, states, frames);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFrame(LineScanner lines) {
        return "frame".equals(TopLevelScalars.read(lines.bytes(), lines.length()).get("type"));
    }

    public Path file() { return file; }
    public T3Record.Meta meta() { return meta; }
    public List<T3Record.StageGeom> stageGeoms() { return stageGeoms; }
    public List<T3Record.ChainState> chainStates() { return chainStates; }
    public int frameCount() { return frames.size(); }

    /** The key of the frame with this ordinal (0-based position among the file's frames). */
    public FrameKey key(int ordinal) {
        checkOrdinal(ordinal);
        return new FrameKey(frames.forward[ordinal], frames.stage[ordinal], frames.call[ordinal]);
    }

    /** Ordinal of the frame with this key, or -1. Binary search on the forward, then a scan within it. */
    public int find(FrameKey key) {
        int lo = 0, hi = frames.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (frames.forward[mid] < key.chainForward()) lo = mid + 1; else hi = mid;
        }
        for (int i = lo; i < frames.size() && frames.forward[i] == key.chainForward(); i++)
            if (frames.stage[i] == key.stageIdx() && frames.call[i] == key.actCall()) return i;
        return -1;
    }

    /** Reads and parses the frame with this ordinal from disk. */
    public T3Record.Frame frame(int ordinal) {
        checkOrdinal(ordinal);
        ByteBuffer buf = ByteBuffer.allocate(frames.length[ordinal]);
        try {
            long pos = frames.offset[ordinal];
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos + buf.position());
                if (n < 0) throw new BadInputException(file, "line " + frames.line[ordinal], "file shrank since it was indexed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        T3Record r = T3Reader.parse(file, frames.line[ordinal], buf.array(), buf.limit());
        if (!(r instanceof T3Record.Frame f))
            throw new BadInputException(file, "line " + frames.line[ordinal], "expected a frame record");
        return f;
    }

    /** The frame with this key; throws when there is none. */
    public T3Record.Frame frame(FrameKey key) {
        int i = find(key);
        if (i < 0) throw new BadInputException(file, "", "no frame " + key);
        return frame(i);
    }

    /** 1-based line number of a frame, for messages. */
    public int lineNumber(int ordinal) {
        checkOrdinal(ordinal);
        return frames.line[ordinal];
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= frames.size())
            throw new IndexOutOfBoundsException("frame " + ordinal + " of " + frames.size());
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Columnar, growable table of frame positions: five primitive arrays instead of an object per frame. */
    private static final class FrameTable {
        long[] offset = new long[256];
        int[] length = new int[256], line = new int[256], stage = new int[256], call = new int[256],
                forward = new int[256];
        private int size;
        private int currentForward;
        private final Set<Long> seenInForward = new HashSet<>();

        void add(long off, int len, int lineNo, int stageIdx, int actCall) {
            if (size == offset.length) grow();
            if (!seenInForward.add(((long) stageIdx << 32) | actCall)) {
                currentForward++;
                seenInForward.clear();
                seenInForward.add(((long) stageIdx << 32) | actCall);
            }
            offset[size] = off;
            length[size] = len;
            line[size] = lineNo;
            stage[size] = stageIdx;
            call[size] = actCall;
            forward[size] = currentForward;
            size++;
        }

        private void grow() {
            int n = size * 2;
            offset = Arrays.copyOf(offset, n);
            length = Arrays.copyOf(length, n);
            line = Arrays.copyOf(line, n);
            stage = Arrays.copyOf(stage, n);
            call = Arrays.copyOf(call, n);
            forward = Arrays.copyOf(forward, n);
        }

        int size() { return size; }
        boolean isEmpty() { return size == 0; }
    }
}
