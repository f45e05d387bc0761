package org.tokenheatmap.formats.npz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.sidecar.Sidecars;
import org.tokenheatmap.testkit.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The npz reader on hostile bytes may only throw {@link BadInputException}: never another exception, an
 * OutOfMemoryError or a hang. Jazzer (JAZZER_FUZZ=1, 25 s) patches and truncates real archives — Java-written ones and
 * the numpy-written ones under {@code seeds/} — or feeds raw bytes; regular runs replay its empty input and a seeded
 * mutation loop over the same archives. (Seeds are built in, not a Jazzer inputs directory: with JUnit 5.13 Jazzer
 * 0.24 fails to replay such a directory.)
 */
class NpzFuzzTest {

    private static Path file;

    @BeforeAll
    static void tempFile() throws IOException {
        file = Files.createTempFile("fuzz", ".npz");
    }

    @AfterAll
    static void removeTempFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "25s")
    void fuzzNpzReader(FuzzedDataProvider data) throws IOException {
        List<byte[]> seeds = seeds();
        int choice = data.consumeInt(0, seeds.size());
        if (choice == seeds.size()) {
            readEverything(data.consumeRemainingAsBytes());
            return;
        }
        byte[] b = seeds.get(choice).clone();
        for (int n = data.consumeInt(0, 8); n > 0; n--) b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
        readEverything(java.util.Arrays.copyOf(b, data.consumeInt(0, b.length)));
    }

    @Test
    void mutatedArchivesOnlyEverFailWithBadInput() throws Exception {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(20261122);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 600; i++) {
                byte[] seed = seeds.get(i % seeds.size());
                readEverything(mutate(seed, rnd));
            }
        });
    }

    /** Opens the bytes as an archive, reads every key and the sidecar view; bad input is the only acceptable failure. */
    private static void readEverything(byte[] data) throws IOException {
        Files.write(file, data);
        try (NpzReader r = NpzReader.open(file)) {
            for (String key : r.keys()) {
                try (var arena = java.lang.foreign.Arena.ofConfined()) {
                    r.header(key);
                    r.get(key);
                    r.map(key, arena);
                } catch (BadInputException expected) {
                    // one bad entry must not keep the others from being tried
                }
            }
            Sidecars.read(r);
        } catch (BadInputException expected) {
            // the only failure hostile input may cause
        }
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { for (int n = 1 + rnd.nextInt(4); n > 0; n--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
            case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2 -> { // overwrite a little-endian int, where sizes, offsets and counts live, with an extreme value
                int at = rnd.nextInt(Math.max(1, b.length - 4));
                int v = new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF, rnd.nextInt()}[rnd.nextInt(6)];
                for (int k = 0; k < 4 && at + k < b.length; k++) b[at + k] = (byte) (v >>> (8 * k));
            }
            default -> { for (int n = 1 + rnd.nextInt(8); n > 0; n--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); }
        }
        return b;
    }

    private static List<byte[]> seeds;

    /** Java-written archives (stored; deflated with ZIP64) and the numpy-written sidecars under {@code seeds/}. */
    private static synchronized List<byte[]> seeds() throws IOException {
        if (seeds != null) return seeds;
        List<byte[]> out = new ArrayList<>();
        try (var files = Files.list(TestFiles.resource(NpzFuzzTest.class, "seeds"))) {
            for (Path p : files.sorted().toList()) out.add(Files.readAllBytes(p));
        }
        for (NpzWriter.Options options : List.of(NpzWriter.Options.of(NpzWriter.Compression.STORED),
                NpzWriter.Options.of(NpzWriter.Compression.DEFLATED).withForceZip64())) {
            Path seed = Files.createTempFile("seed", ".npz");
            try (NpzWriter w = NpzWriter.create(seed, options)) {
                for (Map.Entry<String, NdArray> e : NpzNumpyInteropTest.sampleArrays().entrySet()) w.put(e.getKey(), e.getValue());
                w.finish();
            }
            out.add(Files.readAllBytes(seed));
            Files.delete(seed);
        }
        seeds = List.copyOf(out);
        return seeds;
    }
}
