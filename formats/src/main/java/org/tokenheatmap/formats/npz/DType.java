package org.tokenheatmap.formats.npz;

/**
 * The numpy dtypes this project reads and writes, all little-endian. Unicode strings are fixed-width UTF-32LE
 * ({@code <U n}); their item size depends on the width, so it is carried by {@link NdArray.Unicode}.
 */
public enum DType {
    FLOAT32("<f4", 4),
    FLOAT16("<f2", 2),
    INT32("<i4", 4),
    INT64("<i8", 8),
    UNICODE("<U", 4);

    private final String descr;
    private final int unitSize;

    DType(String descr, int unitSize) {
        this.descr = descr;
        this.unitSize = unitSize;
    }

    /** The numpy {@code descr} string; for {@link #UNICODE} only its prefix (the width follows). */
    public String descr() { return descr; }

    /** Bytes per element; for {@link #UNICODE} bytes per code point. */
    public int unitSize() { return unitSize; }
}
