package org.tokenheatmap.formats.npz;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tokenheatmap.formats.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.formats.npz.CorruptFiles.*;

/** Each corrupt archive is rejected with a BadInputException that names the file, the entry and the problem. */
class NpzCorruptionTest {

    @TempDir static Path dir;

    private static final String F4_2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    private static final byte[] GOOD_NPY = npy(F4_2, floats(1, 2));

    static Stream<Arguments> corpus() throws IOException {
        byte[] good = zip(false, "a.npy", GOOD_NPY);
        byte[] deflated = zip(true, "a.npy", GOOD_NPY);
        int central = lastSignature(good, Zip.CENTRAL_HEADER);
        int end = lastSignature(good, Zip.END_OF_CENTRAL_DIR);
        byte[] flipped = good.clone();
        flipped[Zip.LOCAL_HEADER_SIZE + "a.npy".length() + GOOD_NPY.length - 1] ^= 0x40;
        return Stream.of(
                Arguments.of("empty file", new byte[0], "", "not a zip archive"),
                Arguments.of("truncated archive", Arrays.copyOf(good, good.length / 2), "", "no end-of-central-directory record"),
                Arguments.of("tail cut inside the central directory", Arrays.copyOf(good, central + 10), "", "no end-of-central-directory record"),
                Arguments.of("random bytes", "PK\u0003\u0004 this is not really a zip file at all".getBytes(), "", "not a zip archive"),
                Arguments.of("central directory offset past the end", patchInt(good, end + 16, good.length * 3), "central directory", "outside the file"),
                Arguments.of("entry offset past the directory", patchInt(good, central + 42, central - 5), "a.npy", "outside the archive's entry area"),
                Arguments.of("stored sizes disagree", patchInt(good, central + 24, GOOD_NPY.length + 1), "a.npy", "stored entry declares"),
                Arguments.of("deflate size lie", patchInt(deflated, lastSignature(deflated, Zip.CENTRAL_HEADER) + 24, 1 << 30), "a.npy", "impossible for"),
                Arguments.of("corrupt data (CRC)", flipped, "a", "CRC-32 mismatch"),
                Arguments.of("bad npy magic", zip(false, "a.npy", "NOTNPY-not-an-array-at-all".getBytes()), "a", "bad magic"),
                Arguments.of("unsupported npy version", zip(false, "a.npy", withVersion(GOOD_NPY, 9)), "a", "unsupported .npy format version 9.0"),
                Arguments.of("garbage header", zip(false, "a.npy", npy("{'descr': <f4, 'shape': (2,)}", floats(1, 2))), "a", "npy header"),
                Arguments.of("header missing shape", zip(false, "a.npy", npy("{'descr': '<f4', 'fortran_order': False}", floats(1, 2))), "a", "header keys must be"),
                Arguments.of("shape x dtype mismatch", zip(true, "a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", floats(1, 2))), "a", "= 40 bytes, but 8 data bytes"),
                Arguments.of("absurd shape", zip(false, "a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", floats(1, 2))), "a", "absurd shape"),
                Arguments.of("too many elements for Java", zip(false, "a.npy", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (65536, 65536), }", floats(1, 2))), "a", "absurd shape"),
                Arguments.of("zero-width strings, billions of them", zip(false, "a.npy", npy("{'descr': '<U0', 'fortran_order': False, 'shape': (2000000000,), }", new byte[0])), "a", "zero-width"),
                Arguments.of("extent beyond a long", zip(false, "a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", floats(1, 2))), "a", "shape extent too large"),
                Arguments.of("big-endian dtype", zip(false, "a.npy", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", floats(1, 2))), "a", "big-endian"),
                Arguments.of("unsupported dtype", zip(false, "a.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", floats(1, 2))), "a", "unsupported dtype '<f8'"),
                Arguments.of("Fortran order", zip(false, "a.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", floats(1, 2))), "a", "Fortran-order"),
                Arguments.of("negative shape", zip(false, "a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", floats(1, 2))), "a", "non-negative integer"),
                Arguments.of("invalid code point", zip(false, "a.npy", npy("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", floats(Float.intBitsToFloat(0x7FFFFFFF)))), "a", "invalid code point"),
                Arguments.of("header length past the data", zip(false, "a.npy", Arrays.copyOf(GOOD_NPY, 40)), "a", "runs past the end"),
                Arguments.of("duplicate key", zip(false, "a.npy", GOOD_NPY, "a", GOOD_NPY), "a", "duplicate key"));
    }

    private static byte[] withVersion(byte[] npy, int major) {
        byte[] copy = npy.clone();
        copy[6] = (byte) major;
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectsCorruptArchive(String name, byte[] bytes, String place, String reason) throws IOException {
        Path file = dir.resolve(name.replace(' ', '_') + ".npz");
        Files.write(file, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> {
            try (NpzReader r = NpzReader.open(file)) {
                for (String key : r.keys()) r.get(key);
            }
        });
        assertEquals(file.toString(), e.file());
        assertEquals(place, e.place(), e.getMessage());
        assertTrue(e.reason().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }
}
