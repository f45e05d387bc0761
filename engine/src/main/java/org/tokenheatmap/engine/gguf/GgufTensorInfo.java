package org.tokenheatmap.engine.gguf;

import java.util.Arrays;

import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * One tensor's entry in a GGUF file.
 *
 * @param dims   sizes in GGUF order, innermost first: {@code dims[0]} is the row length (ggml's ne[0])
 * @param offset byte offset of the data relative to the start of the file's data section
 */
public record GgufTensorInfo(String name, GgmlType type, long[] dims, long offset) {

    public GgufTensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() { return dims.clone(); }

    public int rank() { return dims.length; }

    public long elementCount() {
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    public long byteSize() { return type.byteSize(elementCount()); }

    /** Row length (dims[0]). */
    public long cols() { return dims.length == 0 ? 1 : dims[0]; }

    /** Number of rows: the product of all dims but the first. */
    public long rows() { return elementCount() / Math.max(1, cols()); }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && t.name.equals(name) && t.type == type
                && Arrays.equals(t.dims, dims) && t.offset == offset;
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(dims); }

    @Override
    public String toString() { return name + " " + type + " " + Arrays.toString(dims) + " @" + offset; }
}
