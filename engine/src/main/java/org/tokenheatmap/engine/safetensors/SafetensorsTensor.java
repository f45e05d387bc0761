package org.tokenheatmap.engine.safetensors;

import java.lang.foreign.MemorySegment;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.FloatTensors;

/**
 * A checked tensor of a safetensors file.
 *
 * @param shape  row-major, outermost first (PyTorch order: a Linear weight is {@code [out_features, in_features]})
 * @param offset start within the data section
 * @param data   exactly the tensor's bytes
 */
public record SafetensorsTensor(String name, SafetensorsDtype dtype, long[] shape, long offset, MemorySegment data) {

    public long elements() {
        return data.byteSize() / dtype.bytes();
    }

    public FloatTensor toFloatTensor() {
        return FloatTensors.of(dtype.ggml(), data, elements());
    }
}
