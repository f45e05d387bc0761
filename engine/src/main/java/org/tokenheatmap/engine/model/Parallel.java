package org.tokenheatmap.engine.model;

import java.util.stream.IntStream;

/** Splits index ranges into a few chunks per core and runs them on the common fork-join pool. */
final class Parallel {

    /** Work on {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    private static final int CHUNKS_PER_CORE = 4;

    private Parallel() {}

    /** Runs {@code task} over {@code [0, n)} in chunks of at least {@code minChunk} indices. */
    static void forRange(int n, int minChunk, RangeTask task) {
        int cores = Runtime.getRuntime().availableProcessors();
        int chunks = Math.min(cores * CHUNKS_PER_CORE, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1) {
            task.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> task.run((int) ((long) n * c / chunks),
                (int) ((long) n * (c + 1) / chunks)));
    }
}
