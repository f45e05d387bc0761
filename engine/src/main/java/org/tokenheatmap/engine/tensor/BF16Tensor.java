package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16 weights: the upper 16 bits of an IEEE float, so widening is a shift. */
public final class BF16Tensor extends FloatTensor {
    private final MemorySegment data;
    private final long size;

    public BF16Tensor(MemorySegment data, long size) {
        if (data.byteSize() < size * 2) throw new IllegalArgumentException("segment too small for " + size + " bfloat16s");
        this.data = data;
        this.size = size;
    }

    @Override
    public long size() { return size; }

    @Override
    public GgmlType type() { return GgmlType.BF16; }

    @Override
    public MemorySegment data() { return data; }

    @Override
    public float getFloat(long index) {
        return Float.intBitsToFloat(data.get(VectorSupport.I16, index * 2) << 16);
    }

    @Override
    public float dot(long thisOffset, float[] that, int thatOffset, int n) {
        if (!VectorSupport.ENABLED) return dotElements(thisOffset, that, thatOffset, n);
        var species = VectorSupport.F;
        int lanes = species.length();
        FloatVector acc = FloatVector.zero(species);
        int i = 0;
        for (int upper = n - lanes; i <= upper; i += lanes) {
            FloatVector w = ShortVector.fromMemorySegment(VectorSupport.S, data, (thisOffset + i) * 2, ByteOrder.LITTLE_ENDIAN)
                    .castShape(VectorSupport.I, 0)
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(species, that, thatOffset + i), acc);
        }
        return LaneSum.of(acc) + dotElements(thisOffset + i, that, thatOffset + i, n - i);
    }
}
