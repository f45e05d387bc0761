package org.tokenheatmap.formats.npz;

import org.tokenheatmap.formats.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes single arrays in the {@code .npy} format (versions 1.0, 2.0 and 3.0 read; 1.0 written, 2.0 only
 * for headers over 64 KiB). Data is converted in fixed-size chunks so that neither side holds a second copy of a
 * big array.
 */
public final class Npy {

    /** Headers longer than this are refused before they are read (numpy itself refuses beyond 10 000 bytes by default). */
    static final int MAX_HEADER_LENGTH = 1 << 20;
    /** Largest Java array; shapes asking for more elements are refused before anything is allocated. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    private Npy() {}

    /** Bytes {@link #write} produces for this array: header plus data. */
    public static long encodedLength(NdArray array) {
        NpyHeader header = NpyHeader.of(array);
        return header.encode().length + header.dataLength();
    }

    /** Writes one array (header and data) to {@code out}; does not close it. */
    public static void write(NdArray array, OutputStream out) throws IOException {
        NpyHeader header = NpyHeader.of(array);
        out.write(header.encode());
        switch (array) {
            case NdArray.Float32 a -> writeChunks(out, a.data().length, 4, (buf, off, n) -> buf.asFloatBuffer().put(a.data(), off, n));
            case NdArray.Float16 a -> writeChunks(out, a.data().length, 2, (buf, off, n) -> {
                for (int i = 0; i < n; i++) buf.putShort(i * 2, Float.floatToFloat16(a.data()[off + i]));
            });
            case NdArray.Int32 a -> writeChunks(out, a.data().length, 4, (buf, off, n) -> buf.asIntBuffer().put(a.data(), off, n));
            case NdArray.Int64 a -> writeChunks(out, a.data().length, 8, (buf, off, n) -> buf.asLongBuffer().put(a.data(), off, n));
            case NdArray.Unicode a -> {
                ByteBuffer item = ByteBuffer.allocate(a.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
                for (String s : a.data()) {
                    item.clear();
                    s.codePoints().forEach(item::putInt);
                    while (item.hasRemaining()) item.putInt(0);
                    out.write(item.array());
                }
            }
        }
    }

    /** Moves {@code n} elements starting at {@code offset} into a little-endian buffer (or out of it, when reading). */
    private interface Converter { void convert(ByteBuffer chunk, int offset, int n); }

    /** Encodes {@code count} elements of {@code size} bytes through one reused buffer of whole elements. */
    private static void writeChunks(OutputStream out, int count, int size, Converter encoder) throws IOException {
        byte[] bytes = new byte[bufferSize((long) count * size)];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = bytes.length / size;
        for (int off = 0; off < count; off += perChunk) {
            int n = Math.min(perChunk, count - off);
            encoder.convert(buf.clear(), off, n);
            out.write(bytes, 0, n * size);
        }
    }

    /**
     * Reads one array from {@code in}, which holds exactly {@code length} bytes of {@code .npy} data (the caller has
     * checked that length against the real size of its source). The header's shape × item size must equal the
     * data bytes that follow it; the array is allocated only after that check.
     *
     * @param file  named in errors
     * @param place named in errors (the npz key, or "" for a plain .npy file)
     */
    public static NdArray read(InputStream in, long length, Object file, String place) throws IOException {
        return readData(in, readHeader(in, length, file, place), file, place);
    }

    /** Loads a plain {@code .npy} file. */
    public static NdArray load(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path), CHUNK)) {
            return read(in, size, path, "");
        }
    }

    /** Saves a plain {@code .npy} file crash-safely (temporary sibling, fsync, atomic rename). */
    public static void save(Path path, NdArray array) throws IOException {
        try (AtomicFile target = AtomicFile.create(path)) {
            OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(target.channel()), CHUNK);
            write(array, out);
            out.flush();
            target.commit();
        }
    }

    static NpyHeader readHeader(InputStream in, long length, Object file, String place) throws IOException {
        if (length < 10) throw new BadInputException(file, place, "npy data truncated: " + length + " bytes, a header needs at least 10");
        byte[] preamble = readFully(in, 8, file, place);
        if (!Arrays.equals(preamble, 0, 6, NpyHeader.MAGIC, 0, 6))
            throw new BadInputException(file, place, "not a .npy array (bad magic " + hex(preamble, 6) + ")");
        int major = preamble[6] & 0xFF, minor = preamble[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0)
            throw new BadInputException(file, place, "unsupported .npy format version " + major + "." + minor);
        int lengthBytes = major == 1 ? 2 : 4;
        if (length < 8 + lengthBytes) throw new BadInputException(file, place, "npy data truncated inside the header length");
        ByteBuffer lenBuf = ByteBuffer.wrap(readFully(in, lengthBytes, file, place)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedInt(lenBuf.getShort()) : Integer.toUnsignedLong(lenBuf.getInt());
        if (headerLength > MAX_HEADER_LENGTH)
            throw new BadInputException(file, place, "npy header length " + headerLength + " exceeds the limit of " + MAX_HEADER_LENGTH);
        long dataLength = length - 8 - lengthBytes - headerLength;
        if (dataLength < 0)
            throw new BadInputException(file, place, "npy header length " + headerLength + " runs past the end of the data (" + length + " bytes)");
        byte[] dict = readFully(in, (int) headerLength, file, place);
        String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeaderParser.parse(text, file, place);
        long expected = header.dataLength();
        if (expected < 0 || header.elementCount() > MAX_ELEMENTS)
            throw new BadInputException(file, place, "absurd shape " + NpyHeader.shapeString(header.shape())
                    + " for dtype " + header.descr() + " (more than " + MAX_ELEMENTS + " elements)");
        if (expected != dataLength)
            throw new BadInputException(file, place, "shape " + NpyHeader.shapeString(header.shape()) + " x " + header.itemSize()
                    + " bytes (" + header.descr() + ") = " + expected + " bytes, but " + dataLength + " data bytes follow the header");
        return header;
    }

    private static NdArray readData(InputStream in, NpyHeader header, Object file, String place) throws IOException {
        int count = (int) header.elementCount();
        long[] shape = header.shape();
        ChunkReader chunks = new ChunkReader(in, file, place);
        return switch (header.dtype()) {
            case FLOAT32 -> {
                float[] data = new float[count];
                chunks.read(count, 4, (buf, off, n) -> buf.asFloatBuffer().get(data, off, n));
                yield new NdArray.Float32(shape, data);
            }
            case FLOAT16 -> {
                float[] data = new float[count];
                chunks.read(count, 2, (buf, off, n) -> {
                    for (int i = 0; i < n; i++) data[off + i] = Float.float16ToFloat(buf.getShort());
                });
                yield new NdArray.Float16(shape, data);
            }
            case INT32 -> {
                int[] data = new int[count];
                chunks.read(count, 4, (buf, off, n) -> buf.asIntBuffer().get(data, off, n));
                yield new NdArray.Int32(shape, data);
            }
            case INT64 -> {
                long[] data = new long[count];
                chunks.read(count, 8, (buf, off, n) -> buf.asLongBuffer().get(data, off, n));
                yield new NdArray.Int64(shape, data);
            }
            case UNICODE -> readUnicode(in, header, count, file, place);
        };
    }

    private static NdArray.Unicode readUnicode(InputStream in, NpyHeader header, int count, Object file, String place) throws IOException {
        int width = header.itemSize() / 4;
        String[] data = new String[count];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ByteBuffer item = ByteBuffer.wrap(readFully(in, header.itemSize(), file, place)).order(ByteOrder.LITTLE_ENDIAN);
            sb.setLength(0);
            int end = width;
            while (end > 0 && item.getInt((end - 1) * 4) == 0) end--; // numpy strips trailing NULs
            for (int j = 0; j < end; j++) {
                int cp = item.getInt(j * 4);
                if (!Character.isValidCodePoint(cp))
                    throw new BadInputException(file, place, "element " + i + " holds invalid code point 0x" + Integer.toHexString(cp));
                sb.appendCodePoint(cp);
            }
            data[i] = sb.toString();
        }
        return new NdArray.Unicode(header.shape(), width, data);
    }

    /** A conversion buffer no larger than the data (small arrays are common: many per archive). */
    private static int bufferSize(long dataLength) {
        return (int) Math.max(8, Math.min(CHUNK, dataLength));
    }

    static byte[] readFully(InputStream in, int n, Object file, String place) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new BadInputException(file, place, "npy data truncated: expected " + n + " more bytes, got " + b.length);
        return b;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(String.format("%02x", b[i]));
        return sb.toString();
    }

    /** Feeds {@code count} elements of {@code size} bytes to a decoder, one little-endian buffer of whole elements at a time. */
    private record ChunkReader(InputStream in, Object file, String place) {
        void read(int count, int size, Converter decoder) throws IOException {
            byte[] bytes = new byte[bufferSize((long) count * size)];
            int perChunk = bytes.length / size;
            for (int off = 0; off < count; off += perChunk) {
                int n = Math.min(perChunk, count - off);
                int got = in.readNBytes(bytes, 0, n * size);
                if (got != n * size)
                    throw new BadInputException(file, place, "npy data truncated at element " + (off + got / size) + " of " + count);
                decoder.convert(ByteBuffer.wrap(bytes, 0, got).order(ByteOrder.LITTLE_ENDIAN), off, n);
            }
        }
    }
}
