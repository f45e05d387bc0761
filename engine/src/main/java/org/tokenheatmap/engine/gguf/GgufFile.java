package org.tokenheatmap.engine.gguf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;

/**
 * A memory-mapped GGUF (version 2 or 3) file: metadata, tensor infos and zero-copy tensors. The whole file is
 * mapped into a shared Arena owned by this object, so tensors stay valid until {@link #close()} and files of any
 * size (beyond 2 GiB) work. Every count, length, offset and dimension is checked against the file size.
 */
public final class GgufFile implements AutoCloseable {
    /** "GGUF" read as a little-endian uint32. */
    public static final int MAGIC = 0x46554747;
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml's GGML_MAX_DIMS. */
    public static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 8;

    private final Path path;
    private final Arena arena;
    private final int version;
    private final GgufMetadata metadata;
    private final SequencedMap<String, GgufTensorInfo> tensors;
    private final long alignment;
    private final MemorySegment data;

    private GgufFile(Path path, Arena arena, int version, GgufMetadata metadata,
                     SequencedMap<String, GgufTensorInfo> tensors, long alignment, MemorySegment data) {
        this.path = path;
        this.arena = arena;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
        this.alignment = alignment;
        this.data = data;
    }

    /** Maps and parses {@code path}; bad content is reported as {@link BadInputException}. */
    public static GgufFile open(Path path) {
        return MappedFiles.map(path, GgufFile::parse);
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment whole) {
        GgufCursor in = new GgufCursor(path, whole);
        in.require(4, "GGUF magic");
        int magic = in.i32();
        if (magic != MAGIC) throw new BadInputException(path, "byte 0", "not a GGUF file (bad magic)");
        int version = in.i32();
        if (version != 2 && version != 3) {
            throw new BadInputException(path, "byte 4", "unsupported GGUF version " + Integer.toUnsignedString(version)
                    + " (only 2 and 3 are read)");
        }
        long tensorCount = in.i64();
        long kvCount = in.i64();
        // Smallest tensor info: name length 8 + rank 4 + type 4 + offset 8; smallest KV: key length 8 + type 4 + 1.
        in.requireCount(kvCount, 13, "metadata");
        in.requireCount(tensorCount, 24, "tensor");

        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = in.string("metadata key");
            if (kv.containsKey(key)) throw new BadInputException(path, "byte " + at, "duplicate metadata key " + key);
            kv.put(key, readValue(in, path, key, 0));
        }
        GgufMetadata metadata = new GgufMetadata(path, kv);
        long alignment = alignment(path, metadata);

        List<GgufTensorInfo> infos = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) infos.add(readTensorInfo(in, path));

        long dataStart = alignUp(in.position(), alignment);
        if (dataStart > whole.byteSize() && tensorCount > 0) {
            throw new BadInputException(path, "byte " + in.position(), "file ends before its tensor data section");
        }
        MemorySegment data = whole.asSlice(Math.min(dataStart, whole.byteSize()));
        SequencedMap<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo t : infos) {
            checkExtent(path, t, alignment, data.byteSize());
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new BadInputException(path, "tensor " + t.name(), "duplicate tensor name");
            }
        }
        return new GgufFile(path, arena, version, metadata, Collections.unmodifiableSequencedMap(byName), alignment, data);
    }

    private static long alignment(Path path, GgufMetadata metadata) {
        if (!metadata.contains(ALIGNMENT_KEY)) return DEFAULT_ALIGNMENT;
        GgufValue v = metadata.get(ALIGNMENT_KEY);
        long a = metadata.getLong(ALIGNMENT_KEY);
        if (v.type() != GgufValueType.UINT32 || a <= 0 || Long.bitCount(a) != 1) {
            throw new BadInputException(path, "metadata key " + ALIGNMENT_KEY,
                    "must be a UINT32 power of two, found " + v);
        }
        return a;
    }

    private static GgufValue readValue(GgufCursor in, Path path, String key, int depth) {
        long at = in.position();
        int typeId = in.i32();
        GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() ->
                new BadInputException(path, "metadata key " + key, "unknown value type " + Integer.toUnsignedString(typeId)
                        + " at byte " + at));
        return new GgufValue(type, readPayload(in, path, key, type, depth));
    }

    private static Object readPayload(GgufCursor in, Path path, String key, GgufValueType type, int depth) {
        try {
            return switch (type) {
                case UINT8, INT8 -> in.i8();
                case UINT16, INT16 -> in.i16();
                case UINT32, INT32 -> in.i32();
                case UINT64, INT64 -> in.i64();
                case FLOAT32 -> in.f32();
                case FLOAT64 -> in.f64();
                case BOOL -> in.bool();
                case STRING -> in.string("string");
                case ARRAY -> readArray(in, path, key, depth);
            };
        } catch (BadInputException e) {
            if (e.place().startsWith("metadata key")) throw e;
            throw new BadInputException(path, "metadata key " + key, e.place() + ": " + e.reason());
        }
    }

    private static GgufArray readArray(GgufCursor in, Path path, String key, int depth) {
        if (depth >= MAX_ARRAY_NESTING) throw in.error("arrays nested deeper than " + MAX_ARRAY_NESTING);
        int typeId = in.i32();
        GgufValueType et = GgufValueType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() ->
                in.error("unknown array element type " + Integer.toUnsignedString(typeId)));
        int n = in.requireCount(in.i64(), et.minBytes(), "array element");
        Object values = switch (et) {
            case UINT8, INT8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = in.i8(); yield a; }
            case UINT16, INT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = in.i16(); yield a; }
            case UINT32, INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = in.i32(); yield a; }
            case UINT64, INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = in.i64(); yield a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = in.f32(); yield a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = in.f64(); yield a; }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = in.bool(); yield a; }
            case STRING -> { String[] a = new String[n]; for (int i = 0; i < n; i++) a[i] = in.string("string"); yield a; }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) a[i] = readArray(in, path, key, depth + 1);
                yield a;
            }
        };
        return new GgufArray(et, values);
    }

    private static GgufTensorInfo readTensorInfo(GgufCursor in, Path path) {
        String name = in.string("tensor name");
        String place = "tensor " + name;
        int rank = in.i32();
        if (rank < 1 || rank > MAX_DIMS) {
            throw new BadInputException(path, place, "rank " + Integer.toUnsignedString(rank) + " is not in 1.." + MAX_DIMS);
        }
        long[] dims = new long[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.i64();
            if (dims[d] <= 0) throw new BadInputException(path, place, "dimension " + d + " is " + Long.toUnsignedString(dims[d]));
            elements = multiplyOrFail(path, place, elements, dims[d]);
        }
        int typeId = in.i32();
        GgmlType type = GgmlType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() ->
                new BadInputException(path, place, "unknown ggml type " + Integer.toUnsignedString(typeId)));
        if (dims[0] % type.blockSize() != 0) {
            throw new BadInputException(path, place, "row length " + dims[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        multiplyOrFail(path, place, elements / type.blockSize(), type.blockBytes()); // byte size must fit in a long
        long offset = in.i64();
        return new GgufTensorInfo(name, type, dims, offset);
    }

    private static long multiplyOrFail(Path path, String place, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new BadInputException(path, place, "size overflows 64 bits");
        }
    }

    private static void checkExtent(Path path, GgufTensorInfo t, long alignment, long dataBytes) {
        String place = "tensor " + t.name();
        long offset = t.offset();
        if (offset < 0 || offset % alignment != 0) {
            throw new BadInputException(path, place, "data offset " + Long.toUnsignedString(offset)
                    + " is not a multiple of the alignment " + alignment);
        }
        if (offset > dataBytes || t.byteSize() > dataBytes - offset) {
            throw new BadInputException(path, place, "data [" + offset + ", +" + t.byteSize()
                    + ") runs past the end of the file (data section holds " + dataBytes + " bytes)");
        }
    }

    static long alignUp(long pos, long alignment) {
        return (pos + alignment - 1) / alignment * alignment;
    }

    public Path path() { return path; }

    public int version() { return version; }

    public long alignment() { return alignment; }

    public GgufMetadata metadata() { return metadata; }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensors() { return List.copyOf(tensors.values()); }

    public Optional<GgufTensorInfo> findTensor(String name) { return Optional.ofNullable(tensors.get(name)); }

    public boolean hasTensor(String name) { return tensors.containsKey(name); }

    public GgufTensorInfo tensorInfo(String name) {
        GgufTensorInfo t = tensors.get(name);
        if (t == null) throw new BadInputException(path, "tensor " + name, "missing");
        return t;
    }

    /** The raw bytes of a tensor (a slice of the mapping, valid until close). */
    public MemorySegment tensorData(String name) {
        GgufTensorInfo t = tensorInfo(name);
        return data.asSlice(t.offset(), t.byteSize());
    }

    /** A zero-copy tensor over the mapped bytes; fails for types without a decoder. */
    public FloatTensor tensor(String name) {
        GgufTensorInfo t = tensorInfo(name);
        if (!t.type().isSupported()) {
            throw new BadInputException(path, "tensor " + name, "type " + t.type() + " is not supported");
        }
        return FloatTensors.of(t.type(), tensorData(name), t.elementCount());
    }

    /** Unmaps the file; tensors obtained from it must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
