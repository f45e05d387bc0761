package org.tokenheatmap.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.tokenheatmap.formats.npz.AtomicFile;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;

/**
 * Takes file output off the decode loop so that it overlaps the model's computation: Tier 2 sidecars (each written to
 * a temporary file and renamed by {@link Sidecars}, without a per-file fsync: {@link RunDirectory#commit()} syncs the
 * whole directory once before publishing it) on a small pool, and the streamed JSON of
 * activations.json (number formatting, in step order) on one ordered lane. At most {@link #MAX_PENDING} tasks wait in
 * memory; the first failure is rethrown by the next call.
 */
final class BackgroundWriter implements AutoCloseable {
    static final int MAX_PENDING = 32;
    private static final int SIDECAR_THREADS = 2;

    private final ExecutorService sidecarPool = Executors.newFixedThreadPool(SIDECAR_THREADS, BackgroundWriter::daemon);
    private final ExecutorService orderedLane = Executors.newSingleThreadExecutor(BackgroundWriter::daemon);
    private final Semaphore slots = new Semaphore(MAX_PENDING);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    void sidecar(Path target, Sidecar sidecar) {
        submit(sidecarPool, () -> {
            try {
                switch (sidecar) {
                    case AttentionSidecar a -> Sidecars.write(target, a, AtomicFile.Durability.DEFERRED);
                    case ActivationSidecar a -> Sidecars.write(target, a, AtomicFile.Durability.DEFERRED);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        });
    }

    /** Runs {@code task} after every task given to this method before it, on one thread. */
    void ordered(Runnable task) {
        submit(orderedLane, task);
    }

    /** Waits until every submitted task has finished, rethrowing the first failure. */
    void finish() {
        slots.acquireUninterruptibly(MAX_PENDING);
        slots.release(MAX_PENDING);
        rethrow();
    }

    private void submit(ExecutorService executor, Runnable task) {
        rethrow();
        slots.acquireUninterruptibly();
        executor.execute(() -> {
            try {
                if (failure.get() == null) task.run();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) throw e;
    }

    /** Stops the threads after the tasks in flight (an abandoned run's directory is deleted afterwards). */
    @Override
    public void close() {
        for (ExecutorService executor : new ExecutorService[] {sidecarPool, orderedLane}) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(60, TimeUnit.SECONDS)) executor.shutdownNow();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "heatmap-capture-writer");
        t.setDaemon(true);
        return t;
    }
}
