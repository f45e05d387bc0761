package org.tokenheatmap.engine.decoder;

import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges into a few chunks per core and runs them on the common fork-join pool: the caller forks the
 * upper halves, runs the first chunk itself and then takes back whatever no worker has stolen. Called ~65 times
 * per decoded token, so it avoids streams (pipeline, spliterator and task objects per call).
 */
final class Parallel {

    /** Work on {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    /** More chunks than cores balance load on a machine whose cores other processes also use. */
    private static final int CHUNKS_PER_CORE = 4;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Parallel() {}

    /** Runs {@code task} over {@code [0, n)} in chunks of at least {@code minChunk} indices. */
    static void forRange(int n, int minChunk, RangeTask task) {
        int chunks = Math.min(CORES * CHUNKS_PER_CORE, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1) {
            task.run(0, n);
            return;
        }
        new Chunks(task, n, chunks, 0, chunks, null).invoke();
    }

    /** Chunks {@code [lo, hi)} of {@code chunks} equal parts of {@code [0, n)}; {@code next} links siblings forked earlier. */
    private static final class Chunks extends RecursiveAction {
        private final RangeTask task;
        private final int n, chunks, lo, hi;
        private final Chunks next;

        Chunks(RangeTask task, int n, int chunks, int lo, int hi, Chunks next) {
            this.task = task;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
            this.next = next;
        }

        @Override
        protected void compute() {
            Chunks forked = null;
            int end = hi;
            while (end - lo > 1) {
                int mid = (lo + end) >>> 1;
                forked = new Chunks(task, n, chunks, mid, end, forked);
                forked.fork();
                end = mid;
            }
            task.run(bound(lo), bound(end));
            for (; forked != null; forked = forked.next) {
                if (forked.tryUnfork()) forked.compute();
                else forked.join();
            }
        }

        private int bound(int chunk) {
            return (int) ((long) n * chunk / chunks);
        }
    }
}
