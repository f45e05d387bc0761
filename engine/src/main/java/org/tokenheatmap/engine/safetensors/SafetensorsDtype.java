package org.tokenheatmap.engine.safetensors;

import java.util.Optional;
import org.tokenheatmap.engine.tensor.GgmlType;

/** The safetensors element types we decode, each with the ggml type whose tensor class reads the same bytes. */
public enum SafetensorsDtype {
    F32(4, GgmlType.F32), F16(2, GgmlType.F16), BF16(2, GgmlType.BF16);

    private final int bytes;
    private final GgmlType ggml;

    SafetensorsDtype(int bytes, GgmlType ggml) {
        this.bytes = bytes;
        this.ggml = ggml;
    }

    public int bytes() {
        return bytes;
    }

    public GgmlType ggml() {
        return ggml;
    }

    static Optional<SafetensorsDtype> parse(String name) {
        for (SafetensorsDtype d : values()) if (d.name().equals(name)) return Optional.of(d);
        return Optional.empty();
    }
}
