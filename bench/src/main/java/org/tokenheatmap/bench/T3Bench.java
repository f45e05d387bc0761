package org.tokenheatmap.bench;

import org.tokenheatmap.t3.T3Reader;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.analysis.TraceSummary;
import org.tokenheatmap.t3.synth.SyntheticTrace;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./bench.sh t3 [--size-mb N] [--no-peer]}: writes a synthetic T³ trace of about N MB (default 1024) to a
 * temp dir, then times the streaming {@code t3 summary} (MB/s, peak heap), building the frame index, random frame
 * reads, and — as the peer — CPython streaming the same file with json.loads + numpy (the spec's loader, line by
 * line). The file is deleted at the end.
 */
public final class T3Bench {

    public static void main(String[] args) throws Exception {
        long sizeMb = 1024;
        boolean peer = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Long.parseLong(args[++i]);
                case "--no-peer" -> peer = false;
                default -> throw new IllegalArgumentException("usage: t3 [--size-mb N] [--no-peer]");
            }
        }
        Path dir = Files.createTempDirectory("t3bench");
        Path file = dir.resolve("trace.jsonl");
        try {
            run(file, sizeMb, peer);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static void run(Path file, long sizeMb, boolean peer) throws Exception {
        // Frames of a 4-stage, 16-head Cl(4,4) chain with a 512-wide kb_input_norms are ~15 KB; pick the token count
        // that gives about sizeMb.
        SyntheticTrace probe = new SyntheticTrace(config(8));
        Path sample = file.resolveSibling("sample.jsonl");
        probe.write(sample);
        double bytesPerToken = Files.size(sample) / 8.0;
        Files.delete(sample);
        int tokens = (int) Math.max(1, sizeMb * 1_000_000 / bytesPerToken);
        SyntheticTrace trace = new SyntheticTrace(config(tokens));

        Timed<Void> gen = time(() -> { trace.write(file); return null; });
        double mb = Files.size(file) / 1e6;
        System.out.printf(Locale.ROOT, "T³ trace: %.0f MB, %d chain_states, %d frames (generated in %.1f s)%n",
                mb, trace.chainStates(), trace.frames(), gen.seconds);

        Timed<TraceSummary> summary = time(() -> Summarizer.summarize(file, T3Reader.Mode.STRICT));
        report("summary (streaming, one pass)", mb, summary);
        TraceSummary.QDistribution q0 = summary.value.qDistribution().get(0);
        System.out.printf(Locale.ROOT, "%-32s stage 0: spacelike %.4f, timelike %.4f, null %.4f%n", "",
                q0.spacelike(), q0.timelike(), q0.nullCone());
        Timed<T3Trace> index = time(() -> T3Trace.open(file));
        report("index build (skim frames)", mb, index);
        try (T3Trace t = index.value) {
            SplittableRandom r = new SplittableRandom(1);
            int reads = 2000;
            Timed<Void> random = time(() -> {
                for (int i = 0; i < reads; i++) t.frame(r.nextInt(t.frameCount()));
                return null;
            });
            System.out.printf(Locale.ROOT, "%-32s %8.1f µs/frame wall, %.1f µs CPU (%d random frames)%n",
                    "frame read on demand", random.seconds * 1e6 / reads, random.cpuSeconds * 1e6 / reads, reads);
        }
        if (peer) {
            Timed<String> py = time(() -> python(file));
            System.out.printf(Locale.ROOT, "%-32s %8.1f MB/s wall %6.1f s   (%s)%n", "peer: CPython json + numpy",
                    mb / py.seconds, py.seconds, py.value.strip());
        }
    }

    private static SyntheticTrace.Config config(int tokens) {
        return new SyntheticTrace.Config(4, 16, 8, true, true, tokens, 1, 4, 512, 7);
    }

    private static void report(String what, double mb, Timed<?> t) {
        System.out.printf(Locale.ROOT, "%-32s %8.1f MB/s wall %6.1f s, %8.1f MB/s CPU %6.1f s, peak heap %.0f MB%n",
                what, mb / t.seconds, t.seconds, mb / t.cpuSeconds, t.cpuSeconds, t.peakHeapBytes / 1e6);
    }

    /** Wall and this thread's CPU seconds: on a shared machine CPU time is the steadier figure. */
    private record Timed<T>(T value, double seconds, double cpuSeconds, long peakHeapBytes) {}

    /** Runs a task after a GC with the heap pools' peak counters reset; the peak is the sum of per-pool peaks. */
    private static <T> Timed<T> time(Callable<T> task) throws Exception {
        System.gc();
        var pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        var threads = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
        T value = task.call();
        double seconds = (System.nanoTime() - t0) / 1e9, cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Timed<>(value, seconds, cpu, peak);
    }

    private static final String PEER = """
            import json, sys, time
            import numpy as np
            qs, ponder = {}, []
            with open(sys.argv[1]) as f:
                for line in f:
                    r = json.loads(line)
                    if r["type"] == "frame":
                        qs.setdefault(r["stage_idx"], []).extend(r["Q"])
                    elif r["type"] == "chain_state":
                        ponder.append(r["act_ponder_steps"])
            q = np.array(qs[min(qs)])
            print(f"{len(ponder)} chain_states; stage {min(qs)}: spacelike {np.mean(q > 0.05):.4f}, "
                  f"timelike {np.mean(q < -0.05):.4f}, null {np.mean(np.abs(q) <= 0.05):.4f}; "
                  f"CPU {time.process_time():.1f} s")
            """;

    private static String python(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", PEER, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("python3 peer failed: " + out);
        return out;
    }
}
