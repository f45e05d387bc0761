package org.tokenheatmap.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import org.tokenheatmap.engine.quant.BlockQuantizer;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * {@code ./bench.sh dot [ROWS COLS SECONDS [TYPE,TYPE...]]}: matrix-vector product (the engine's hot loop) per weight type, as
 * weight GB/s read, next to two peers from the same run: a vectorised plain read of the same bytes (the memory
 * bandwidth ceiling) and numpy's float32 matvec (BLAS).
 */
public final class DotBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.5;
        List<GgmlType> types = args.length > 3
                ? java.util.Arrays.stream(args[3].split(",")).map(GgmlType::valueOf).toList()
                : List.of(GgmlType.F32, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);
        System.out.printf(Locale.ROOT, "matvec %d x %d, %d threads, %.1f s per type, vector species %s%n", rows, cols,
                Runtime.getRuntime().availableProcessors(), seconds, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %12s %12s%n", "type", "MiB", "ms/matvec", "weight GB/s", "read GB/s");
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = (float) random.nextGaussian();
        float[] out = new float[rows];
        try (Arena arena = Arena.ofShared()) {
            for (GgmlType type : types) {
                MemorySegment weights = arena.allocate(type.byteSize((long) rows * cols), 64);
                fill(type, weights, rows, cols, random);
                FloatTensor t = FloatTensors.of(type, weights, (long) rows * cols);
                double ms = time(() -> t.matmul(x, out, rows, cols), seconds);
                double readMs = time(() -> readAll(weights), seconds);
                double gb = weights.byteSize() / 1e9;
                System.out.printf(Locale.ROOT, "%-6s %10.1f %10.3f %12.2f %12.2f%n", type, weights.byteSize() / 1048576.0, ms,
                        gb / (ms / 1e3), gb / (readMs / 1e3));
            }
        }
        numpyPeer(rows, cols, seconds);
    }

    /** Realistic contents: encoded normal weights where we have an encoder, random bytes with sane scales otherwise. */
    private static void fill(GgmlType type, MemorySegment seg, int rows, int cols, SplittableRandom random) {
        if (BlockQuantizer.canEncode(type)) {
            float[] row = new float[cols];
            ByteBuffer buf = ByteBuffer.allocate((int) type.byteSize(cols));
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < cols; i++) row[i] = (float) (random.nextGaussian() * 0.02);
                buf.clear();
                BlockQuantizer.encodeRow(type, row, buf);
                MemorySegment.copy(MemorySegment.ofArray(buf.array()), 0, seg, r * (long) buf.capacity(), buf.capacity());
            }
            return;
        }
        for (long i = 0; i < seg.byteSize(); i++) seg.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
        short small = Float.floatToFloat16(1e-3f);
        long blocks = seg.byteSize() / type.blockBytes();
        for (long b = 0; b < blocks; b++) {
            long at = b * type.blockBytes();
            switch (type) {
                case BF16 -> { }
                case Q6_K -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 208, small);
                default -> { seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, small); seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2, small); }
            }
        }
        if (type == GgmlType.BF16) {
            for (long i = 0; i < seg.byteSize(); i += 2) seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToIntBits((float) random.nextGaussian() * 0.02f) >>> 16));
        }
    }

    private static volatile long sink;

    /** The bandwidth ceiling: XOR-reduce every byte of the segment, split across threads like matmul. */
    private static void readAll(MemorySegment seg) {
        var species = LongVector.SPECIES_PREFERRED;
        int parts = Runtime.getRuntime().availableProcessors();
        long chunk = seg.byteSize() / parts / species.vectorByteSize() * species.vectorByteSize();
        sink = java.util.stream.IntStream.range(0, parts).parallel().mapToLong(p -> {
            LongVector acc = LongVector.zero(species);
            for (long at = p * chunk, end = at + chunk; at < end; at += species.vectorByteSize()) {
                acc = acc.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(species, seg, at, java.nio.ByteOrder.LITTLE_ENDIAN));
            }
            return acc.reduceLanes(VectorOperators.XOR);
        }).reduce(0, (a, b) -> a ^ b);
    }

    /** Mean milliseconds per run after a warm-up of a third of the budget. */
    private static double time(Runnable r, double seconds) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) r.run();
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        int n = 0;
        long now;
        do { r.run(); n++; } while ((now = System.nanoTime()) < end);
        return (now - start) / 1e6 / n;
    }

    private static void numpyPeer(int rows, int cols, double seconds) throws Exception {
        String script = String.join("\n",
                "import numpy as np, time, sys",
                "r, c, s = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])",
                "w = np.random.default_rng(1).standard_normal((r, c), dtype=np.float32)",
                "x = np.ones(c, np.float32)",
                "end = time.perf_counter() + s / 3",
                "while time.perf_counter() < end: w @ x",
                "n, t0 = 0, time.perf_counter()",
                "while time.perf_counter() - t0 < s:",
                "    w @ x; n += 1",
                "ms = (time.perf_counter() - t0) * 1e3 / n",
                "print('%-6s %10.1f %10.3f %12.2f %12s   <- numpy %s (peer)' % ('F32', w.nbytes / 1048576, ms, w.nbytes / 1e9 / (ms / 1e3), '', np.__version__))");
        Process p = new ProcessBuilder("python3", "-c", script, "" + rows, "" + cols, "" + seconds).inheritIO().start();
        if (p.waitFor() != 0) System.out.println("numpy peer unavailable");
    }
}
