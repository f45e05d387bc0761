package org.tokenheatmap.formats.npz;

import org.tokenheatmap.formats.BadInputException;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads an {@code .npz} archive lazily: {@link #open} parses only the central directory, and {@link #get} reads
 * one array without touching the others. Every size and offset the archive declares is checked against the file's
 * real length (and deflate's maximum ratio) before anything is allocated, so a hostile file costs bounded memory
 * and fails with {@link BadInputException} naming the file, the entry and the problem.
 */
public final class NpzReader implements AutoCloseable {

    /** Central directories larger than this are refused (a real one for thousands of arrays is a few hundred KiB). */
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;
    private static final Charset CP437 = Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    /** One array's entry as the central directory describes it. */
    private record Entry(String key, String name, int method, long crc, long compressedSize, long size, long localOffset) {}

    private final Path path;
    private final FileChannel channel;
    /** Where the local entries must end: the start of the central directory. */
    private final long entriesEnd;
    private final Map<String, Entry> entries;

    private NpzReader(Path path, FileChannel channel, long entriesEnd, Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.entriesEnd = entriesEnd;
        this.entries = entries;
    }

    public static NpzReader open(Path path) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(path, "", "no such file");
        }
        try {
            return new DirectoryParser(path, channel).parse();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() { return path; }

    /** Keys (entry names without ".npy") in archive order. */
    public List<String> keys() { return List.copyOf(entries.keySet()); }

    public boolean contains(String key) { return entries.containsKey(key); }

    /** The array stored under {@code key}; a missing key is bad input. */
    public NdArray get(String key) throws IOException {
        Entry e = entry(key);
        try (InputStream in = open(e)) {
            NdArray array = Npy.read(in, e.size(), path, key);
            // Npy.read consumed exactly the declared size, so one more read must meet the end, where CheckedEnd
            // checks the CRC (a byte left over throws there). Not readAllBytes: it allocates a 16 KiB buffer per entry.
            if (in.read() != -1) throw new BadInputException(path, key, "entry holds more than its declared " + e.size() + " bytes");
            return array;
        } catch (ZipException | EOFException ex) {
            throw new BadInputException(path, key, "corrupt compressed data: " + ex.getMessage(), ex);
        }
    }

    /** Only the header of the array under {@code key} (dtype and shape), without reading its data. */
    public NpyHeader header(String key) throws IOException {
        Entry e = entry(key);
        try (InputStream in = open(e)) {
            return Npy.readHeader(in, e.size(), path, key);
        } catch (ZipException | EOFException ex) {
            throw new BadInputException(path, key, "corrupt compressed data: " + ex.getMessage(), ex);
        }
    }

    /**
     * The data of a stored (uncompressed) entry, memory-mapped read-only into {@code arena} without reading it: for
     * slicing arrays too big to load. The header is validated as for {@link #get}; the CRC is not checked, since
     * that would read everything. Deflated entries cannot be mapped.
     */
    public MappedArray map(String key, Arena arena) throws IOException {
        Entry e = entry(key);
        if (e.method() != Zip.METHOD_STORED) throw new BadInputException(path, key, "deflated entries cannot be memory-mapped; use get()");
        long dataStart = dataStart(e);
        NpyHeader header;
        try (InputStream in = new RangeInputStream(channel, dataStart, e.size())) {
            header = Npy.readHeader(in, e.size(), path, key);
        }
        long dataLength = header.dataLength();
        MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.size() - dataLength, dataLength, arena);
        return new MappedArray(header, data);
    }

    /** Every array, in archive order. */
    public Map<String, NdArray> readAll() throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (String key : entries.keySet()) out.put(key, get(key));
        return out;
    }

    @Override
    public void close() throws IOException { channel.close(); }

    private Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) throw new BadInputException(path, key, "missing key (archive holds " + entries.keySet() + ")");
        return e;
    }

    /** The entry's uncompressed bytes, after checking its local header against the central directory. */
    private InputStream open(Entry e) throws IOException {
        InputStream raw = new RangeInputStream(channel, dataStart(e), e.compressedSize());
        InputStream data = e.method() == Zip.METHOD_STORED ? raw : new Inflating(raw, e.compressedSize());
        return new CheckedEnd(data, e);
    }

    /** Where the entry's (possibly compressed) bytes start, checked to end before the central directory. */
    private long dataStart(Entry e) throws IOException {
        ByteBuffer local = readAt(channel, e.localOffset(), Zip.LOCAL_HEADER_SIZE);
        if (local.getInt(0) != Zip.LOCAL_HEADER)
            throw new BadInputException(path, e.key(), "no local file header at byte " + e.localOffset());
        long dataStart = e.localOffset() + Zip.LOCAL_HEADER_SIZE
                + Short.toUnsignedInt(local.getShort(26)) + Short.toUnsignedInt(local.getShort(28));
        if (dataStart > entriesEnd || e.compressedSize() > entriesEnd - dataStart)
            throw new BadInputException(path, e.key(), "entry data (" + e.compressedSize() + " bytes at byte " + dataStart
                    + ") runs past the central directory at byte " + entriesEnd);
        return dataStart;
    }

    static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = channel.read(b, position + b.position());
            if (n < 0) break;
        }
        b.flip();
        return b;
    }

    /** Raw inflation of one entry's bytes; ends its Inflater on close so native memory is not held until GC. */
    private static final class Inflating extends InflaterInputStream {
        Inflating(InputStream in, long compressedSize) {
            super(in, new Inflater(true), (int) Math.max(512, Math.min(1 << 16, compressedSize)));
        }
        @Override public void close() throws IOException {
            try { super.close(); } finally { inf.end(); }
        }
    }

    /** Passes an entry's bytes through, and at the end checks the byte count and CRC the directory declared. */
    private final class CheckedEnd extends InputStream {
        private final InputStream in;
        private final Entry entry;
        private final CRC32 crc = new CRC32();
        private long count;

        CheckedEnd(InputStream in, Entry entry) {
            this.in = in;
            this.entry = entry;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, entry.size() - count + 1));
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
                if (count > entry.size())
                    throw new BadInputException(path, entry.key(), "entry holds more than its declared " + entry.size() + " bytes");
            } else if (n < 0) {
                if (count != entry.size())
                    throw new BadInputException(path, entry.key(), "entry truncated: " + count + " of " + entry.size() + " bytes");
                if (crc.getValue() != entry.crc())
                    throw new BadInputException(path, entry.key(), "CRC-32 mismatch (data corrupt)");
            }
            return n;
        }

        @Override public void close() throws IOException { in.close(); }
    }

    /** Positional reads of one byte range of the file (safe to use while other ranges are read). */
    private static final class RangeInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        RangeInputStream(FileChannel channel, long start, long length) {
            this.channel = channel;
            this.position = start;
            this.end = start + length;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) return -1;
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) return -1;
            position += n;
            return n;
        }
    }

    /** Finds the end records and reads the central directory, validating each field before use. */
    private record DirectoryParser(Path path, FileChannel channel) {

        NpzReader parse() throws IOException {
            long fileSize = channel.size();
            if (fileSize < Zip.END_SIZE) throw bad("", "not a zip archive: only " + fileSize + " bytes");
            long endPos = findEnd(fileSize);
            ByteBuffer end = readAt(channel, endPos, Zip.END_SIZE);
            if (end.getShort(4) != 0 || end.getShort(6) != 0) throw bad("byte " + endPos, "multi-disk zip archives are not supported");
            long count = Short.toUnsignedLong(end.getShort(10));
            long cdSize = Integer.toUnsignedLong(end.getInt(12));
            long cdOffset = Integer.toUnsignedLong(end.getInt(16));
            long cdLimit = endPos;
            if (count == Zip.MAGIC16 || cdSize == Zip.MAGIC32 || cdOffset == Zip.MAGIC32) {
                long z64 = zip64EndOffset(endPos);
                ByteBuffer rec = readAt(channel, z64, Zip.ZIP64_END_SIZE);
                if (rec.getInt(0) != Zip.ZIP64_END_OF_CENTRAL_DIR) throw bad("byte " + z64, "bad ZIP64 end-of-central-directory signature");
                count = rec.getLong(32);
                cdSize = rec.getLong(40);
                cdOffset = rec.getLong(48);
                cdLimit = z64;
            }
            if (cdOffset < 0 || cdSize < 0 || cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
                throw bad("central directory", "declared at byte " + cdOffset + " with " + cdSize + " bytes, outside the file's " + fileSize + " bytes");
            if (cdSize > MAX_CENTRAL_DIRECTORY) throw bad("central directory", cdSize + " bytes exceeds the limit of " + MAX_CENTRAL_DIRECTORY);
            if (count < 0 || count > cdSize / Zip.CENTRAL_HEADER_SIZE)
                throw bad("central directory", count + " entries cannot fit in " + cdSize + " bytes");
            ByteBuffer cd = readAt(channel, cdOffset, (int) cdSize);
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (long i = 0; i < count; i++) {
                Entry e = centralEntry(cd, cdOffset);
                if (entries.put(e.key(), e) != null) throw bad(e.key(), "duplicate key in archive");
            }
            return new NpzReader(path, channel, cdOffset, entries);
        }

        /** numpy's key for an entry: its name without ".npy". */
        private static String keyOf(String name) {
            return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        }

        /** The end-of-central-directory record: the last signature whose comment length reaches exactly to the end. */
        private long findEnd(long fileSize) throws IOException {
            int tail = (int) Math.min(fileSize, Zip.END_SIZE + Zip.MAX_COMMENT);
            long tailStart = fileSize - tail;
            ByteBuffer b = readAt(channel, tailStart, tail);
            for (int i = tail - Zip.END_SIZE; i >= 0; i--) {
                if (b.getInt(i) == Zip.END_OF_CENTRAL_DIR && i + Zip.END_SIZE + Short.toUnsignedInt(b.getShort(i + 20)) == tail)
                    return tailStart + i;
            }
            throw bad("", "not a zip archive (no end-of-central-directory record)");
        }

        private long zip64EndOffset(long endPos) throws IOException {
            long locPos = endPos - Zip.ZIP64_LOCATOR_SIZE;
            if (locPos < 0) throw bad("byte " + endPos, "ZIP64 fields without a ZIP64 locator");
            ByteBuffer loc = readAt(channel, locPos, Zip.ZIP64_LOCATOR_SIZE);
            if (loc.getInt(0) != Zip.ZIP64_LOCATOR) throw bad("byte " + locPos, "ZIP64 fields without a ZIP64 locator");
            long z64 = loc.getLong(8);
            if (z64 < 0 || z64 > locPos - Zip.ZIP64_END_SIZE)
                throw bad("byte " + locPos, "ZIP64 end record offset " + z64 + " is outside the file");
            return z64;
        }

        /** One central directory entry; local entries must lie before the directory, at {@code cdOffset}. */
        private Entry centralEntry(ByteBuffer cd, long cdOffset) {
            long entriesEnd = cdOffset;
            int at = cd.position();
            String where = "central directory byte " + (cdOffset + at);
            if (cd.remaining() < Zip.CENTRAL_HEADER_SIZE || cd.getInt(at) != Zip.CENTRAL_HEADER)
                throw bad(where, "bad central directory entry signature");
            int flags = Short.toUnsignedInt(cd.getShort(at + 8));
            int method = Short.toUnsignedInt(cd.getShort(at + 10));
            long crc = Integer.toUnsignedLong(cd.getInt(at + 16));
            long compressed = Integer.toUnsignedLong(cd.getInt(at + 20));
            long size = Integer.toUnsignedLong(cd.getInt(at + 24));
            int nameLength = Short.toUnsignedInt(cd.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(cd.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(cd.getShort(at + 32));
            long offset = Integer.toUnsignedLong(cd.getInt(at + 42));
            int total = Zip.CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (total > cd.remaining()) throw bad(where, "entry runs past the end of the central directory");
            byte[] nameBytes = new byte[nameLength];
            cd.get(at + Zip.CENTRAL_HEADER_SIZE, nameBytes);
            String name = new String(nameBytes, (flags & Zip.FLAG_UTF8) != 0 ? StandardCharsets.UTF_8 : CP437);
            long[] big = zip64Fields(cd, at + Zip.CENTRAL_HEADER_SIZE + nameLength, extraLength, name,
                    size == Zip.MAGIC32, compressed == Zip.MAGIC32, offset == Zip.MAGIC32);
            if (size == Zip.MAGIC32) size = big[0];
            if (compressed == Zip.MAGIC32) compressed = big[1];
            if (offset == Zip.MAGIC32) offset = big[2];
            cd.position(at + total);

            if ((flags & Zip.FLAG_ENCRYPTED) != 0) throw bad(name, "encrypted entries are not supported");
            if (method != Zip.METHOD_STORED && method != Zip.METHOD_DEFLATED)
                throw bad(name, "unsupported compression method " + method + " (only stored and deflated)");
            if (offset < 0 || compressed < 0 || size < 0 || offset > entriesEnd - Zip.LOCAL_HEADER_SIZE || compressed > entriesEnd - offset)
                throw bad(name, "declared offset " + offset + " / compressed size " + compressed + " lie outside the archive's entry area (" + entriesEnd + " bytes)");
            if (method == Zip.METHOD_STORED && compressed != size)
                throw bad(name, "stored entry declares " + size + " bytes but occupies " + compressed);
            if (method == Zip.METHOD_DEFLATED && size / Zip.MAX_DEFLATE_RATIO > compressed + 1)
                throw bad(name, "declared size " + size + " is impossible for " + compressed + " deflated bytes");
            return new Entry(keyOf(name), name, method, crc, compressed, size, offset);
        }

        /** The ZIP64 extra field's values for those of (size, compressed size, offset) whose 32-bit fields overflowed. */
        private long[] zip64Fields(ByteBuffer cd, int start, int length, String name, boolean... needed) {
            long[] out = new long[3];
            int end = start + length;
            for (int p = start; p + 4 <= end; ) {
                int id = Short.toUnsignedInt(cd.getShort(p));
                int size = Short.toUnsignedInt(cd.getShort(p + 2));
                if (p + 4 + size > end) throw bad(name, "extra field runs past its entry");
                if (id == Zip.ZIP64_EXTRA_ID) {
                    int q = p + 4;
                    for (int i = 0; i < 3; i++) {
                        if (!needed[i]) continue;
                        if (q + 8 > p + 4 + size) throw bad(name, "ZIP64 extra field too short");
                        out[i] = cd.getLong(q);
                        q += 8;
                    }
                    return out;
                }
                p += 4 + size;
            }
            if (needed[0] || needed[1] || needed[2]) throw bad(name, "32-bit size or offset field is 0xFFFFFFFF but there is no ZIP64 extra field");
            return out;
        }

        private BadInputException bad(String place, String reason) {
            return new BadInputException(path, place, reason);
        }
    }
}
