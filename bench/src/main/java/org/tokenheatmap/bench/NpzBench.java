package org.tokenheatmap.bench;

import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzReader;
import org.tokenheatmap.formats.npz.NpzWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./bench.sh npz [REPS]}: writes and reads a realistic attention sidecar (16 layers × [32, 4096] float32,
 * stored like numpy.savez) and activation sidecar (32 layers × 5 submodules × 4096 float32, deflated like
 * numpy.savez_compressed) in Java, then has numpy (python3) time savez / savez_compressed / load on the very same
 * arrays, and prints MB/s of array data for each with the Java/numpy ratio. Medians of REPS runs (default 7) after
 * warm-up. Java writes include the fsync and atomic rename of crash-safe writing; numpy's do not.
 */
public final class NpzBench {

    private record Case(String name, NpzWriter.Compression compression, Map<String, NdArray> arrays) {
        double megabytes() {
            return arrays.values().stream().mapToLong(a -> a.size() * a.itemSize()).sum() / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Random rnd = new Random(1);
        Case attention = new Case("attention", NpzWriter.Compression.STORED, attention(rnd));
        Case activation = new Case("activation", NpzWriter.Compression.DEFLATED, activation(rnd));
        Path dir = Files.createTempDirectory("npzbench");
        try {
            Path attFile = dir.resolve("attention.npz"), actFile = dir.resolve("activation.npz");
            double[] att = measure(attention, attFile, reps);
            double[] act = measure(activation, actFile, reps);
            JsonNode numpy = runNumpy(dir, attFile, actFile, reps);
            System.out.printf(Locale.ROOT, "%-46s %10s %10s %10s%n", "case (MB/s of array data, median of " + reps + ")", "java", "numpy", "java/numpy");
            row("attention write (stored, savez) %.1f MB", attention, att[0], numpy.get("attention").get("write").asDouble());
            row("attention read (numpy.load)     %.1f MB", attention, att[1], numpy.get("attention").get("read").asDouble());
            row("activation write (deflated)     %.1f MB", activation, act[0], numpy.get("activation").get("write").asDouble());
            row("activation read (inflate)       %.1f MB", activation, act[1], numpy.get("activation").get("read").asDouble());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void row(String label, Case c, double java, double numpy) {
        System.out.printf(Locale.ROOT, "%-46s %10.1f %10.1f %10.2f%n", String.format(Locale.ROOT, label, c.megabytes()), java, numpy, java / numpy);
    }

    /** Median write and read throughput in MB/s, after as many warm-up rounds. */
    private static double[] measure(Case c, Path file, int reps) throws IOException {
        double[] write = new double[reps], read = new double[reps];
        for (int round = 0; round < 2 * reps; round++) {
            long t0 = System.nanoTime();
            NpzWriter.write(file, c.compression(), c.arrays());
            long t1 = System.nanoTime();
            try (NpzReader r = NpzReader.open(file)) {
                if (r.readAll().size() != c.arrays().size()) throw new IllegalStateException("lost arrays");
            }
            long t2 = System.nanoTime();
            if (round >= reps) {
                write[round - reps] = c.megabytes() / ((t1 - t0) / 1e9);
                read[round - reps] = c.megabytes() / ((t2 - t1) / 1e9);
            }
        }
        return new double[] {median(write), median(read)};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static JsonNode runNumpy(Path dir, Path attention, Path activation, int reps) throws IOException, InterruptedException {
        Path script = dir.resolve("npz_bench.py");
        try (InputStream in = NpzBench.class.getResourceAsStream("/python/npz_bench.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), attention.toString(), activation.toString(), String.valueOf(reps))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new IOException("numpy side failed with exit code " + p.exitValue());
        return JsonMapper.builder().build().readTree(out);
    }

    private static Map<String, NdArray> attention(Random rnd) {
        Map<String, NdArray> m = header("2.0.0");
        int heads = 32, keys = 4096;
        m.put("num_attention_heads", NdArray.scalar(heads));
        m.put("num_key_value_heads", NdArray.scalar(8));
        m.put("head_dim", NdArray.scalar(128));
        m.put("layers", NdArray.of(java.util.stream.LongStream.range(0, 16).toArray(), 16));
        for (int layer = 0; layer < 16; layer++) {
            float[] w = new float[heads * keys];
            for (int h = 0; h < heads; h++) {
                double sum = 0;
                for (int k = 0; k < keys; k++) sum += w[h * keys + k] = (float) Math.exp(2 * rnd.nextGaussian());
                for (int k = 0; k < keys; k++) w[h * keys + k] /= (float) sum;
            }
            m.put("layer_" + layer + "/attention_weights", NdArray.of(w, heads, keys));
        }
        return m;
    }

    private static Map<String, NdArray> activation(Random rnd) {
        Map<String, NdArray> m = header("1.0.0");
        String[] subs = {"resid_pre", "resid_mid", "resid_post", "o_proj", "mlp.down_proj"};
        m.put("num_layers", NdArray.scalar(32));
        m.put("hidden_dim", NdArray.scalar(4096));
        m.put("captured_submodules", NdArray.strings(subs));
        m.put("captured_layers", NdArray.of(java.util.stream.LongStream.range(0, 32).toArray(), 32));
        for (int layer = 0; layer < 32; layer++) {
            for (String s : subs) {
                float[] v = new float[4096];
                for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
                m.put("layer_" + layer + "/" + s, NdArray.of(v, v.length));
            }
        }
        return m;
    }

    private static Map<String, NdArray> header(String version) {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("schema_version", NdArray.scalar(version));
        m.put("step", NdArray.scalar(12L));
        return m;
    }
}
