package org.tokenheatmap.t3;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Randomly damaged valid traces (byte flips, cut ranges, duplicated ranges, truncation) through every reader:
 * a bounded-time complement to the Jazzer target, which cannot instrument Java 25 class files.
 */
class MutatedTraceTest {

    private static byte[] valid;

    @BeforeContainer
    static void makeTrace() {
        try {
            Path file = Files.createTempFile("t3valid", ".jsonl");
            new Variants.Variant("plain", Variants.all().get(2).config()).trace().write(file);
            valid = Files.readAllBytes(file);
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 150)
    void damagedTracesFailOnlyWithBadInput(@ForAll long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = valid.clone();
        for (int m = 1 + r.nextInt(4); m > 0; m--) b = mutate(b, r);
        T3ReaderFuzzTest.readEverything(b);
    }

    private static byte[] mutate(byte[] b, SplittableRandom r) {
        if (b.length < 2) return b;
        int at = r.nextInt(b.length), len = Math.min(b.length - at, 1 + r.nextInt(64));
        byte[] specials = "{}[],:\"\\\n0-.e".getBytes();
        return switch (r.nextInt(4)) {
            case 0 -> { b[at] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : (byte) r.nextInt(256); yield b; }
            case 1 -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
            case 2 -> concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, b.length));
            default -> Arrays.copyOf(b, at);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
