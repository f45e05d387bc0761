package org.tokenheatmap.formats.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an {@code .npz} archive one array at a time, as {@code numpy.savez} (stored entries) or
 * {@code numpy.savez_compressed} (deflated) would. Only the array being written is in memory; its bytes stream
 * into a temporary sibling of the target, and {@link #finish()} adds the central directory and atomically renames
 * the file into place. Closing without {@code finish()} discards everything.
 *
 * <p>ZIP64 records are written when an entry, an offset or the entry count needs them; {@link Options#forceZip64}
 * writes them for every entry so that readers can be tested on ZIP64 without 4 GiB files.
 */
public final class NpzWriter implements AutoCloseable {

    public enum Compression { STORED, DEFLATED }

    /** @param forceZip64 write ZIP64 extra fields and end records even where 32-bit fields would do */
    public record Options(Compression compression, boolean forceZip64, int deflateLevel) {
        public static Options of(Compression compression) { return new Options(compression, false, Deflater.DEFAULT_COMPRESSION); }
        public Options withForceZip64() { return new Options(compression, true, deflateLevel); }
    }

    /**
     * Entries whose uncompressed size is above this get ZIP64 sizes in their local header; the margin covers the
     * few bytes deflate can add to incompressible data.
     */
    private static final long LOCAL_ZIP64_THRESHOLD = Zip.MAGIC32 - (Zip.MAGIC32 >> 6);
    private static final int BUFFER = 1 << 18;

    private record Written(byte[] name, int method, long crc, long compressedSize, long size, long offset, boolean zip64Local) {}

    private final AtomicFile file;
    private final ChannelSink sink;
    private final Options options;
    private final List<Written> entries = new ArrayList<>();
    /** One raw-deflate state for all entries (reset between them): its native buffers are costly to allocate per entry. */
    private final Deflater deflater;
    private final Set<String> keys = new HashSet<>();
    private boolean finished;
    private boolean failed;

    private NpzWriter(AtomicFile file, Options options) {
        this.file = file;
        this.sink = new ChannelSink(file.channel());
        this.options = options;
        this.deflater = options.compression() == Compression.DEFLATED ? new Deflater(options.deflateLevel(), true) : null;
    }

    public static NpzWriter create(Path target, Compression compression) throws IOException {
        return create(target, Options.of(compression));
    }

    public static NpzWriter create(Path target, Options options) throws IOException {
        return create(target, options, AtomicFile.Durability.SYNC);
    }

    /** With {@link AtomicFile.Durability#DEFERRED}, the caller syncs the finished file (see {@link AtomicFile}). */
    public static NpzWriter create(Path target, Options options, AtomicFile.Durability durability) throws IOException {
        return new NpzWriter(AtomicFile.create(target, durability), options);
    }

    /** Writes a whole archive from arrays in key order. */
    public static void write(Path target, Compression compression, Map<String, ? extends NdArray> arrays) throws IOException {
        try (NpzWriter w = create(target, compression)) {
            for (var e : arrays.entrySet()) w.put(e.getKey(), e.getValue());
            w.finish();
        }
    }

    /** Appends the array as entry {@code key + ".npy"}. */
    public NpzWriter put(String key, NdArray array) throws IOException {
        if (finished || failed) throw new IllegalStateException(finished ? "archive already finished" : "an earlier entry failed");
        if (key.isEmpty() || !keys.add(key)) throw new IllegalArgumentException("empty or duplicate npz key '" + key + "'");
        byte[] name = (key + ".npy").getBytes(StandardCharsets.UTF_8);
        if (name.length > Zip.MAGIC16) throw new IllegalArgumentException("npz key too long: " + key);
        long size = Npy.encodedLength(array);
        boolean zip64Local = options.forceZip64() || size > LOCAL_ZIP64_THRESHOLD;
        int method = options.compression() == Compression.STORED ? Zip.METHOD_STORED : Zip.METHOD_DEFLATED;
        failed = true; // until the entry is complete: a half-written entry must never be finished into an archive
        long offset = sink.position();
        writeLocalHeader(name, method, zip64Local);
        long dataStart = sink.position();

        CRC32 crc = new CRC32();
        OutputStream body = sink.unclosable();
        if (method == Zip.METHOD_DEFLATED) {
            deflater.reset();
            body = new DeflaterOutputStream(body, deflater, (int) Math.min(BUFFER, Math.max(512, size)));
        }
        Npy.write(array, new java.util.zip.CheckedOutputStream(body, crc));
        if (body instanceof DeflaterOutputStream d) d.finish();
        long compressed = sink.position() - dataStart;
        if (!zip64Local && compressed >= Zip.MAGIC32)
            throw new IOException("entry " + key + " compressed to " + compressed + " bytes, beyond its 32-bit local header");
        patchLocalHeader(offset, name.length, crc.getValue(), compressed, size, zip64Local);
        entries.add(new Written(name, method, crc.getValue(), compressed, size, offset, zip64Local));
        failed = false;
        return this;
    }

    /** Writes the central directory and end records, fsyncs and renames the archive onto its target. */
    public void finish() throws IOException {
        if (finished) return;
        if (failed) throw new IllegalStateException("an entry failed; the archive is discarded on close()");
        long cdOffset = sink.position();
        for (Written e : entries) writeCentralHeader(e);
        long cdSize = sink.position() - cdOffset;
        boolean zip64End = options.forceZip64() || entries.size() >= Zip.MAGIC16 || cdOffset >= Zip.MAGIC32 || cdSize >= Zip.MAGIC32;
        if (zip64End) writeZip64End(cdOffset, cdSize);
        ByteBuffer end = le(Zip.END_SIZE).putInt(Zip.END_OF_CENTRAL_DIR).putShort((short) 0).putShort((short) 0);
        short count = (short) (zip64End ? Zip.MAGIC16 : entries.size());
        end.putShort(count).putShort(count)
                .putInt((int) (zip64End ? Zip.MAGIC32 : cdSize))
                .putInt((int) (zip64End ? Zip.MAGIC32 : cdOffset))
                .putShort((short) 0);
        sink.write(end.array());
        sink.flush();
        file.commit();
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (deflater != null) deflater.end();
        file.close();
    }

    private void writeLocalHeader(byte[] name, int method, boolean zip64) throws IOException {
        ByteBuffer h = le(Zip.LOCAL_HEADER_SIZE + name.length + (zip64 ? 20 : 0))
                .putInt(Zip.LOCAL_HEADER)
                .putShort((short) (zip64 ? Zip.VERSION_ZIP64 : Zip.VERSION_DEFAULT))
                .putShort((short) flags(name))
                .putShort((short) method)
                .putShort((short) Zip.DOS_TIME).putShort((short) Zip.DOS_DATE)
                .putInt(0).putInt(0).putInt(0) // crc and sizes, patched once the data is written
                .putShort((short) name.length)
                .putShort((short) (zip64 ? 20 : 0))
                .put(name);
        if (zip64) h.putShort((short) Zip.ZIP64_EXTRA_ID).putShort((short) 16).putLong(0).putLong(0);
        sink.write(h.array());
    }

    private void patchLocalHeader(long offset, int nameLength, long crc, long compressed, long size, boolean zip64) throws IOException {
        sink.flush();
        ByteBuffer fields = le(12).putInt((int) crc)
                .putInt((int) (zip64 ? Zip.MAGIC32 : compressed))
                .putInt((int) (zip64 ? Zip.MAGIC32 : size));
        sink.writeAt(offset + 14, fields.flip());
        if (zip64) sink.writeAt(offset + Zip.LOCAL_HEADER_SIZE + nameLength + 4, le(16).putLong(size).putLong(compressed).flip());
    }

    private void writeCentralHeader(Written e) throws IOException {
        boolean bigSize = options.forceZip64() || e.size() >= Zip.MAGIC32;
        boolean bigCompressed = options.forceZip64() || e.compressedSize() >= Zip.MAGIC32;
        boolean bigOffset = options.forceZip64() || e.offset() >= Zip.MAGIC32;
        int extra = 8 * ((bigSize ? 1 : 0) + (bigCompressed ? 1 : 0) + (bigOffset ? 1 : 0));
        int extraLength = extra == 0 ? 0 : 4 + extra;
        boolean zip64 = extra > 0 || e.zip64Local();
        ByteBuffer h = le(Zip.CENTRAL_HEADER_SIZE + e.name().length + extraLength)
                .putInt(Zip.CENTRAL_HEADER)
                .putShort((short) (3 << 8 | Zip.VERSION_ZIP64)) // made by: Unix, spec 4.5
                .putShort((short) (zip64 ? Zip.VERSION_ZIP64 : Zip.VERSION_DEFAULT))
                .putShort((short) flags(e.name()))
                .putShort((short) e.method())
                .putShort((short) Zip.DOS_TIME).putShort((short) Zip.DOS_DATE)
                .putInt((int) e.crc())
                .putInt((int) (bigCompressed ? Zip.MAGIC32 : e.compressedSize()))
                .putInt((int) (bigSize ? Zip.MAGIC32 : e.size()))
                .putShort((short) e.name().length)
                .putShort((short) extraLength)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0) // comment, disk, internal attributes
                .putInt(0644 << 16) // external attributes: a regular rw-r--r-- file
                .putInt((int) (bigOffset ? Zip.MAGIC32 : e.offset()))
                .put(e.name());
        if (extra > 0) {
            h.putShort((short) Zip.ZIP64_EXTRA_ID).putShort((short) extra);
            if (bigSize) h.putLong(e.size());
            if (bigCompressed) h.putLong(e.compressedSize());
            if (bigOffset) h.putLong(e.offset());
        }
        sink.write(h.array());
    }

    private void writeZip64End(long cdOffset, long cdSize) throws IOException {
        long recordOffset = sink.position();
        sink.write(le(Zip.ZIP64_END_SIZE).putInt(Zip.ZIP64_END_OF_CENTRAL_DIR)
                .putLong(Zip.ZIP64_END_SIZE - 12)
                .putShort((short) (3 << 8 | Zip.VERSION_ZIP64)).putShort((short) Zip.VERSION_ZIP64)
                .putInt(0).putInt(0)
                .putLong(entries.size()).putLong(entries.size())
                .putLong(cdSize).putLong(cdOffset).array());
        sink.write(le(Zip.ZIP64_LOCATOR_SIZE).putInt(Zip.ZIP64_LOCATOR).putInt(0).putLong(recordOffset).putInt(1).array());
    }

    private static int flags(byte[] name) {
        for (byte b : name) if (b < 0) return Zip.FLAG_UTF8;
        return 0;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Buffered writes to a file channel that knows its absolute position and can patch earlier bytes. */
    private static final class ChannelSink extends OutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private long flushed;

        ChannelSink(FileChannel channel) { this.channel = channel; }

        long position() { return flushed + buffer.position(); }

        @Override public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) flush();
            buffer.put((byte) b);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len > buffer.remaining()) flush();
            if (len > buffer.capacity()) {
                flushed += drain(ByteBuffer.wrap(b, off, len));
            } else {
                buffer.put(b, off, len);
            }
        }

        @Override public void flush() throws IOException {
            buffer.flip();
            flushed += drain(buffer);
            buffer.clear();
        }

        void writeAt(long position, ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) position += channel.write(bytes, position);
        }

        private int drain(ByteBuffer bytes) throws IOException {
            int n = bytes.remaining();
            channel.position(flushed);
            while (bytes.hasRemaining()) channel.write(bytes);
            return n;
        }

        /** A view whose close() is a no-op, for wrapping streams that close what they wrap. */
        OutputStream unclosable() {
            return new java.io.FilterOutputStream(this) {
                @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
                @Override public void close() {}
            };
        }
    }
}
