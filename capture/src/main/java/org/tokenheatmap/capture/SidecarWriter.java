package org.tokenheatmap.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;

/**
 * Writes Tier 2 sidecars off the decode loop: each file is fsynced and renamed by {@link Sidecars}, which costs
 * milliseconds of I/O wait per file, so a couple of background threads take it while the model computes the next
 * step. At most {@link #MAX_PENDING} sidecars wait in memory; the first failure is rethrown by the next call.
 */
final class SidecarWriter implements AutoCloseable {
    static final int MAX_PENDING = 32;
    private static final int THREADS = 2;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "heatmap-sidecar-writer");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore slots = new Semaphore(MAX_PENDING);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    void write(Path target, Sidecar sidecar) {
        rethrow();
        slots.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                switch (sidecar) {
                    case AttentionSidecar a -> Sidecars.write(target, a);
                    case ActivationSidecar a -> Sidecars.write(target, a);
                }
            } catch (IOException e) {
                failure.compareAndSet(null, new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every submitted sidecar is on disk. */
    void finish() {
        slots.acquireUninterruptibly(MAX_PENDING);
        slots.release(MAX_PENDING);
        rethrow();
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) throw e;
    }

    /** Stops the threads after the writes in flight (an abandoned run's directory is deleted afterwards). */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
