package org.tokenheatmap.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tokenheatmap.compare.CompareActivations;
import org.tokenheatmap.formats.trace.ActivationDiff;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.LayerDelta;

/**
 * {@code ./bench.sh diff [--steps N] [--layers L] [--hidden H] [--runs R]}: two synthetic runs (default 1,024 steps,
 * 8 layers × 4 submodules × hidden 2,048, full numpy-written sidecars, in a temp dir deleted afterwards), diffed by
 * {@code CompareActivations} and by a numpy implementation of the same computation (bench/python/diff_bench.py),
 * in the same run; the two outputs are checked against each other before the figures are printed.
 */
public final class DiffBench {

    private static final String SCRIPT = "bench/python/diff_bench.py";

    /** Heap of the child JVM that shows the diff streams: all sidecars together are hundreds of MiB. */
    private static final String SMALL_HEAP = "-Xmx48m";

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--compare-only")) { // the child JVM's job
            CompareActivations.compare(Path.of(args[1]), Path.of(args[2]), CompareActivations.Options.writingTo(Path.of(args[3])));
            return;
        }
        int steps = intArg(args, "--steps", 1024), layers = intArg(args, "--layers", 8);
        int hidden = intArg(args, "--hidden", 2048), runs = intArg(args, "--runs", 3);
        Path tmp = Files.createTempDirectory("heatmap-diffbench");
        try {
            System.out.printf("generating 2 runs: %d steps, %d layers x 4 submodules x hidden %d ...%n", steps, layers, hidden);
            python("generate", tmp.toString(), "--steps", "" + steps, "--layers", "" + layers, "--hidden", "" + hidden);
            Path a = tmp.resolve("a"), b = tmp.resolve("b"), ours = tmp.resolve("java.json"), theirs = tmp.resolve("numpy.json");
            long sidecarBytes = sizeOf(a.resolve("activations")) + sizeOf(b.resolve("activations"));

            var javaSeconds = new ArrayList<Double>();
            var peakHeap = new ArrayList<Long>();
            for (int r = 0; r <= runs; r++) { // run 0 warms up the JIT and the page cache
                System.gc();
                heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
                long t0 = System.nanoTime();
                CompareActivations.compare(a, b, CompareActivations.Options.writingTo(ours));
                double seconds = (System.nanoTime() - t0) / 1e9;
                long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf(Locale.ROOT, "  java run %d%s: %.2f s, peak heap %.0f MiB%n", r, r == 0 ? " (warm-up)" : "",
                        seconds, peak / 1048576.0);
                if (r > 0) { javaSeconds.add(seconds); peakHeap.add(peak); }
            }
            var numpySeconds = new ArrayList<Double>();
            for (int r = 0; r < runs; r++) {
                numpySeconds.add(Double.parseDouble(python("diff", a.toString(), b.toString(), theirs.toString()).strip()
                        .lines().reduce((x, y) -> y).orElseThrow()));
                System.out.printf(Locale.ROOT, "  numpy run %d: %.2f s%n", r + 1, numpySeconds.getLast());
            }
            double worst = agreement(ours, theirs);
            double smallHeapSeconds = diffInSmallHeap(a, b, tmp.resolve("small-heap.json"));

            System.out.printf(Locale.ROOT, "%nDiffBench: %d aligned steps x %d (layer, submodule) x hidden %d, top-k 16,"
                    + " sidecars %.0f MiB (deflated npz)%n", steps, layers * 4, hidden, sidecarBytes / 1048576.0);
            System.out.printf(Locale.ROOT, "  %-34s %10s %10s %12s%n", "implementation", "median s", "best s", "steps/s");
            row("heatmap diff (CompareActivations)", javaSeconds, steps);
            row("numpy (bench/python/diff_bench.py)", numpySeconds, steps);
            System.out.printf(Locale.ROOT, "  peak Java heap used during a diff: median %.0f MiB (max heap %.0f MiB)%n",
                    median(peakHeap.stream().map(Long::doubleValue).toList()) / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
            System.out.printf(Locale.ROOT, "  the same diff in a child JVM with %s completes (%.2f s including JVM start)%n",
                    SMALL_HEAP, smallHeapSeconds);
            System.out.printf(Locale.ROOT, "  outputs agree: max |l2 diff| / l2 = %.2e over all deltas, same top-16 indices%n", worst);
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Largest relative l2 disagreement; fails when any step, slot or top-changed index differs. */
    private static double agreement(Path ours, Path theirs) {
        ActivationDiff x = ActivationDiffReader.readAll(ours), y = ActivationDiffReader.readAll(theirs);
        if (x.steps().size() != y.steps().size()) throw new IllegalStateException("step counts differ");
        double worst = 0;
        for (int s = 0; s < x.steps().size(); s++) {
            List<LayerDelta> dx = x.steps().get(s).delta(), dy = y.steps().get(s).delta();
            for (int d = 0; d < dx.size(); d++) {
                worst = Math.max(worst, Math.abs(dx.get(d).l2() - dy.get(d).l2()) / dy.get(d).l2());
                var ix = dx.get(d).topChangedNeurons().stream().map(t -> t.index()).toList();
                var iy = dy.get(d).topChangedNeurons().stream().map(t -> t.index()).toList();
                if (!ix.equals(iy)) throw new IllegalStateException("step " + s + " delta " + d + ": top changed " + ix + " vs numpy " + iy);
            }
        }
        if (worst > 1e-5) throw new IllegalStateException("l2 differs from numpy by " + worst);
        return worst;
    }

    private static void row(String name, List<Double> seconds, int steps) {
        double median = median(seconds);
        System.out.printf(Locale.ROOT, "  %-34s %10.2f %10.2f %12.0f%n", name, median,
                seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), steps / median);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static double diffInSmallHeap(Path a, Path b, Path out) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java.toString(), SMALL_HEAP, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), DiffBench.class.getName(), "--compare-only",
                a.toString(), b.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("diff with " + SMALL_HEAP + " failed:\n" + output);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String python(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("python3", SCRIPT));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("python3 " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return fallback;
    }
}
