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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Keeps a few T³ traces open (indexed once, frames read on demand), keyed by real path and reopened when the file's
 * modification time or size changes. Indexing a large trace takes seconds, so it runs outside the lock: requests for
 * other traces are not held up, and concurrent requests for the same trace wait for the one indexing pass. The least
 * recently used trace is closed when the cache is full.
 */
final class T3Store implements AutoCloseable {
    private static final int MAX_OPEN = 6;

    private record Stamp(FileTime modified, long size) {
    }

    /** One open trace; its summary needs a full pass over the file, so it is made on first request only. */
    static final class Entry {
        final T3Trace trace;
        private TraceSummary summary;

        private Entry(T3Trace trace) {
            this.trace = trace;
        }

        synchronized TraceSummary summary() {
            if (summary == null) summary = Summarizer.summarize(trace.file(), T3Reader.Mode.LENIENT);
            return summary;
        }
    }

    private record Slot(Stamp stamp, CompletableFuture<Entry> entry) {
    }

    private final Map<Path, Slot> open = new LinkedHashMap<>(16, 0.75f, true);

    Entry get(Path file) {
        Stamp stamp = stamp(file);
        Slot slot;
        boolean mine = false;
        synchronized (this) {
            slot = open.get(file);
            if (slot == null || !slot.stamp.equals(stamp)) {
                if (slot != null) close(open.remove(file));
                if (open.size() >= MAX_OPEN) close(open.remove(open.keySet().iterator().next()));
                slot = new Slot(stamp, new CompletableFuture<>());
                open.put(file, slot);
                mine = true;
            }
        }
        if (mine) {
            try {
                slot.entry.complete(new Entry(T3Trace.open(file)));
            } catch (RuntimeException e) {
                slot.entry.completeExceptionally(e);
                synchronized (this) {
                    open.remove(file, slot);
                }
            }
        }
        try {
            return slot.entry.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(T3Store::close);
        open.clear();
    }

    /** Closes the trace once it is open (at once, or when a pending indexing pass finishes). */
    private static void close(Slot slot) {
        slot.entry.thenAccept(e -> e.trace.close());
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            throw new SafePaths.PathNotFoundException(file.getFileName().toString());
        }
    }
}
