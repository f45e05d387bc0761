package org.tokenheatmap.viewer.t3;

import org.tokenheatmap.t3.T3Reader;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.analysis.TraceSummary;
import org.tokenheatmap.viewer.SafePaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a few T³ traces open (indexed once, frames read on demand), keyed by real path and reopened when the file's
 * modification time or size changes. The least recently used trace is closed when the cache is full.
 */
final class T3Store implements AutoCloseable {
    private static final int MAX_OPEN = 6;

    private record Stamp(FileTime modified, long size) {
    }

    /** One open trace; its summary needs a full pass over the file, so it is made on first request only. */
    static final class Entry {
        private final Stamp stamp;
        final T3Trace trace;
        private TraceSummary summary;

        private Entry(Stamp stamp, T3Trace trace) {
            this.stamp = stamp;
            this.trace = trace;
        }

        synchronized TraceSummary summary() {
            if (summary == null) summary = Summarizer.summarize(trace.file(), T3Reader.Mode.LENIENT);
            return summary;
        }
    }

    private final Map<Path, Entry> open = new LinkedHashMap<>(16, 0.75f, true);

    synchronized Entry get(Path file) {
        Stamp stamp = stamp(file);
        Entry hit = open.get(file);
        if (hit != null && hit.stamp.equals(stamp)) return hit;
        if (hit != null) open.remove(file).trace.close();
        Entry fresh = new Entry(stamp, T3Trace.open(file));
        if (open.size() >= MAX_OPEN) {
            Path eldest = open.keySet().iterator().next();
            open.remove(eldest).trace.close();
        }
        open.put(file, fresh);
        return fresh;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(e -> e.trace.close());
        open.clear();
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            throw new SafePaths.PathNotFoundException(file.getFileName().toString());
        }
    }
}
