package org.tokenheatmap.engine.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * Writes a GGUF v3 file: metadata of every value type, tensor infos, then tensor data, each tensor aligned to
 * {@code general.alignment}. Tensor bytes are produced lazily by {@link TensorBytes} so that multi-GiB models stream
 * through. The file is written to a temporary sibling and renamed into place, so a crash never leaves a partial file.
 */
public final class GgufWriter {

    /** Produces exactly a tensor's byte size when asked. */
    @FunctionalInterface
    public interface TensorBytes {
        void writeTo(WritableByteChannel out) throws IOException;

        /** The bytes of any segment (mapped, native or heap array of any type), copied through a small buffer. */
        static TensorBytes of(MemorySegment bytes) {
            return out -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                MemorySegment window = MemorySegment.ofBuffer(buf);
                for (long at = 0; at < bytes.byteSize(); at += buf.capacity()) {
                    int n = (int) Math.min(buf.capacity(), bytes.byteSize() - at);
                    MemorySegment.copy(bytes, at, window, 0, n);
                    buf.clear().limit(n);
                    while (buf.hasRemaining()) out.write(buf);
                }
            };
        }
    }

    private record PendingTensor(GgufTensorInfo info, TensorBytes bytes) {}

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final int alignment;
    private long nextOffset;

    public GgufWriter() {
        this(GgufFile.DEFAULT_ALIGNMENT);
    }

    public GgufWriter(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment must be a power of two");
        this.alignment = alignment;
        if (alignment != GgufFile.DEFAULT_ALIGNMENT) metadata.put(GgufFile.ALIGNMENT_KEY, GgufValue.ofUint32(alignment));
    }

    /** Adds or replaces a metadata entry (insertion order is file order). */
    public GgufWriter put(String key, GgufValue value) {
        if (key.equals(GgufFile.ALIGNMENT_KEY)) throw new IllegalArgumentException("set the alignment through the constructor");
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach((k, v) -> { if (!k.equals(GgufFile.ALIGNMENT_KEY)) put(k, v); });
        return this;
    }

    /**
     * Declares a tensor; {@code dims} are in GGUF order (row length first).
     * {@code bytes} must write exactly {@code type.byteSize(product of dims)} bytes.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorBytes bytes) {
        if (dims.length < 1 || dims.length > GgufFile.MAX_DIMS) throw new IllegalArgumentException(name + ": rank " + dims.length);
        if (dims[0] % type.blockSize() != 0) throw new IllegalArgumentException(name + ": row length not a multiple of " + type.blockSize());
        if (tensors.stream().anyMatch(t -> t.info().name().equals(name))) throw new IllegalArgumentException("duplicate tensor " + name);
        GgufTensorInfo info = new GgufTensorInfo(name, type, dims, nextOffset);
        tensors.add(new PendingTensor(info, bytes));
        nextOffset = GgufFile.alignUp(nextOffset + info.byteSize(), alignment);
        return this;
    }

    public void write(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeHeader(ch);
                pad(ch, GgufFile.alignUp(ch.position(), alignment));
                long dataStart = ch.position();
                for (PendingTensor t : tensors) {
                    pad(ch, dataStart + t.info().offset());
                    long before = ch.position();
                    t.bytes().writeTo(ch);
                    long written = ch.position() - before;
                    if (written != t.info().byteSize()) {
                        throw new IllegalStateException("tensor " + t.info().name() + " wrote " + written + " bytes, expected " + t.info().byteSize());
                    }
                }
                ch.force(true);
            }
            makeWorldReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temp files are created owner-only; a model file should get ordinary permissions. */
    private static void makeWorldReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // e.g. Windows: the default ACL already applies
        }
    }

    private void writeHeader(FileChannel ch) throws IOException {
        Out out = new Out(ch);
        out.i32(GgufFile.MAGIC);
        out.i32(3);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (var e : metadata.entrySet()) {
            out.string(e.getKey());
            out.i32(e.getValue().type().id());
            writeValue(out, e.getValue().type(), e.getValue().value());
        }
        for (PendingTensor t : tensors) {
            GgufTensorInfo info = t.info();
            out.string(info.name());
            out.i32(info.rank());
            for (long d : info.dims()) out.i64(d);
            out.i32(info.type().id());
            out.i64(info.offset());
        }
        out.flush();
    }

    private static void writeValue(Out out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.i8((Byte) v);
            case UINT16, INT16 -> out.i16((Short) v);
            case UINT32, INT32 -> out.i32((Integer) v);
            case UINT64, INT64 -> out.i64((Long) v);
            case FLOAT32 -> out.i32(Float.floatToRawIntBits((Float) v));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits((Double) v));
            case BOOL -> out.i8((byte) ((Boolean) v ? 1 : 0));
            case STRING -> out.string((String) v);
            case ARRAY -> writeArray(out, (GgufArray) v);
        }
    }

    private static void writeArray(Out out, GgufArray a) throws IOException {
        out.i32(a.elementType().id());
        out.i64(a.length());
        for (int i = 0; i < a.length(); i++) writeValue(out, a.elementType(), java.lang.reflect.Array.get(a.values(), i));
    }

    private static void pad(FileChannel ch, long to) throws IOException {
        long n = to - ch.position();
        if (n > 0) ch.write(ByteBuffer.allocate((int) n));
    }

    /** Buffered little-endian output over a channel. */
    private static final class Out {
        private final WritableByteChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Out(WritableByteChannel ch) { this.ch = ch; }

        void ensure(int n) throws IOException { if (buf.remaining() < n) flush(); }
        void i8(byte v) throws IOException { ensure(1); buf.put(v); }
        void i16(short v) throws IOException { ensure(2); buf.putShort(v); }
        void i32(int v) throws IOException { ensure(4); buf.putInt(v); }
        void i64(long v) throws IOException { ensure(8); buf.putLong(v); }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            for (int i = 0; i < b.length; i += buf.capacity()) {
                int n = Math.min(buf.capacity(), b.length - i);
                ensure(n);
                buf.put(b, i, n);
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }
    }
}
