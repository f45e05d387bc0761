package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

/** Builds the tensor class for a ggml type over raw bytes (e.g. a slice of a mapped GGUF file). */
public final class FloatTensors {
    private FloatTensors() {}

    /**
     * @param data at least {@code type.byteSize(size)} bytes
     * @throws IllegalArgumentException for a type without a decoder ({@link GgmlType#isSupported()})
     */
    public static FloatTensor of(GgmlType type, MemorySegment data, long size) {
        return switch (type) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new BF16Tensor(data, size);
            case Q8_0 -> new Q8_0Tensor(data, size);
            case Q4_0 -> new Q4_0Tensor(data, size);
            case Q4_K -> new Q4KTensor(data, size);
            case Q5_K -> new Q5KTensor(data, size);
            case Q6_K -> new Q6KTensor(data, size);
            default -> throw new IllegalArgumentException("no decoder for " + type);
        };
    }
}
