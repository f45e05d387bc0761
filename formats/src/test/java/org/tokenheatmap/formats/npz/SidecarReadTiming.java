package org.tokenheatmap.formats.npz;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.zip.ZipFile;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;

/**
 * Timing harness (a main, not a test): thread CPU time and allocation per activation sidecar read with
 * {@code Sidecars.read}, {@code NpzReader.readAll} and, as a floor, {@code java.util.zip.ZipFile} inflating every entry.
 * CPU time rather than wall time, and the best of several rounds, because the build machine is shared and loaded.
 * Usage: {@code java -cp ... org.tokenheatmap.formats.npz.SidecarReadTiming [FILE.npz] [READS_PER_ROUND]}; without a
 * file it writes a compare-sized one (8 layers × 4 submodules × hidden 2,048, deflated).
 */
public final class SidecarReadTiming {
    private interface Read { void run() throws Exception; }

    private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : generated();
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Map<String, Read> readers = new LinkedHashMap<>();
        readers.put("Sidecars.read", () -> Sidecars.read(file));
        readers.put("NpzReader.readAll", () -> { try (NpzReader r = NpzReader.open(file)) { r.readAll(); } });
        readers.put("ZipFile (inflate only)", () -> {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (var entries = zip.entries(); entries.hasMoreElements(); )
                    try (var in = zip.getInputStream(entries.nextElement())) { in.readAllBytes(); }
            }
        });
        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 0; round < 8; round++)
            for (var e : readers.entrySet()) best.merge(e.getKey(), cpuMillis(e.getValue(), reads), Math::min);
        System.out.printf("%s (%d KiB), best of 8 rounds x %d reads%n", file.getFileName(), Files.size(file) >> 10, reads);
        for (var e : readers.entrySet())
            System.out.printf("  %-24s %6.3f ms CPU/file  %6d KiB allocated/file%n", e.getKey(), best.get(e.getKey()),
                    allocatedKib(e.getValue()));
    }

    private static double cpuMillis(Read read, int n) throws Exception {
        long t = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) read.run();
        return (MX.getCurrentThreadCpuTime() - t) / 1e6 / n;
    }

    private static long allocatedKib(Read read) throws Exception {
        long id = Thread.currentThread().threadId();
        long before = MX.getThreadAllocatedBytes(id);
        read.run();
        return (MX.getThreadAllocatedBytes(id) - before) >> 10;
    }

    private static Path generated() throws Exception {
        List<String> submodules = List.of("resid_pre", "attn_out", "mlp_out", "resid_post");
        List<Integer> layers = IntStream.range(0, 8).boxed().toList();
        SplittableRandom random = new SplittableRandom(7);
        List<ActivationSidecar.Layer> data = layers.stream().map(l -> {
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (String s : submodules) {
                float[] v = new float[2048];
                for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
                tensors.put(s, v);
            }
            return new ActivationSidecar.Layer(l, tensors);
        }).toList();
        Path file = Files.createTempFile("sidecar-timing", ".npz");
        file.toFile().deleteOnExit();
        Sidecars.write(file, new ActivationSidecar("1.0.0", 0, 8, 2048, submodules, layers, data));
        return file;
    }
}
