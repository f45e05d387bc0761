package org.tokenheatmap.engine.tensor;

import java.util.Optional;

/**
 * ggml storage types as numbered in GGUF tensor infos. Every type lists its block size (elements per block) and
 * block byte size so that a reader can check a tensor's extent even when it cannot decode the type.
 * Types whose layout we do not know (the IQ family) are absent, so a file using them is rejected by id.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The number GGUF files use for this type. */
    public int id() { return id; }

    /** Elements per block (1 for plain types). */
    public int blockSize() { return blockSize; }

    /** Bytes per block. */
    public int blockBytes() { return blockBytes; }

    /** Bytes needed for {@code elements} elements; {@code elements} must be a multiple of the block size. */
    public long byteSize(long elements) {
        return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    }

    /** Whether {@link FloatTensors#of} can decode tensors of this type. */
    public boolean isSupported() {
        return switch (this) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K -> true;
            default -> false;
        };
    }

    public static Optional<GgmlType> byId(long id) {
        for (GgmlType t : values()) if (t.id == id) return Optional.of(t);
        return Optional.empty();
    }
}
