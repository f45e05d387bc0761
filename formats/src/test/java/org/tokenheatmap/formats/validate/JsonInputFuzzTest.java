package org.tokenheatmap.formats.validate;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.ActivationTraceReader;
import org.tokenheatmap.formats.trace.TraceReader;
import org.tokenheatmap.testkit.TestFiles;

/**
 * Arbitrary bytes through the JSON readers and the validators: readers may only throw
 * {@link BadInputException}, validators nothing, and neither may hang. Jazzer drives {@link #fuzz} (its seed
 * corpus in regular JUnit runs, mutations under JAZZER_FUZZ=1 for maxDuration); {@link #mutatedCorpus} adds
 * a fixed-seed mutation run of the valid and invalid corpus files so every build exercises mutated input.
 */
class JsonInputFuzzTest {
    private static final List<FileKindValidator> VALIDATORS =
            List.of(new TraceValidator(), new ActivationTraceValidator(), new ActivationDiffValidator(), new TokenDiffValidator());
    private static final List<Consumer<Path>> READERS = List.of(TraceReader::readAll, ActivationTraceReader::readAll,
            ActivationDiffReader::readAll);

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("fuzz");
        try {
            check(dir, input);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void mutatedCorpus() throws Exception {
        List<byte[]> seeds;
        Path resources = TestFiles.resource(JsonInputFuzzTest.class, "/invalid").getParent();
        try (Stream<Path> files = Files.walk(resources)) {
            seeds = files.filter(f -> f.toString().endsWith(".json")).sorted().map(JsonInputFuzzTest::bytes).toList();
        }
        SplittableRandom random = new SplittableRandom(20261122);
        Path dir = Files.createTempDirectory("mutated");
        for (int i = 0; i < 300; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> check(dir, input), () -> "input " + new String(input));
        }
    }

    private static void check(Path dir, byte[] input) throws IOException {
        Path file = dir.resolve("input.json");
        Files.write(file, input);
        byte[] head = input.length > PathsValidator.HEAD_BYTES ? java.util.Arrays.copyOf(input, PathsValidator.HEAD_BYTES) : input;
        for (FileKindValidator v : VALIDATORS) {
            v.recognises(file, head);
            v.validate(file);
        }
        for (Consumer<Path> reader : READERS) {
            try {
                reader.accept(file);
            } catch (BadInputException expected) {
                // the only failure a reader may report
            }
        }
    }

    /** Byte flips, truncation, duplication of a slice and insertion of JSON punctuation. */
    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 1; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out = java.util.Arrays.copyOf(out, at);
                case 2 -> {
                    int len = Math.min(out.length - at, 1 + random.nextInt(64));
                    byte[] grown = new byte[out.length + len];
                    System.arraycopy(out, 0, grown, 0, at + len);
                    System.arraycopy(out, at, grown, at + len, out.length - at);
                    out = grown;
                }
                default -> out[at] = "{}[]:,\"-0e.".getBytes()[random.nextInt(11)];
            }
        }
        return out;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
