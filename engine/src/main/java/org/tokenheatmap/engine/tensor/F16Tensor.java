package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * IEEE half-precision weights (most Hugging Face checkpoints). The vector kernels widen halves to float bits in
 * integer lanes, as there is no half-to-float conversion in the Vector API: the exponent and mantissa field
 * {@code em = h & 0x7FFF}, shifted left by 13, is a float 2^112 times too small for every finite half, subnormals
 * and zero included (a float subnormal scaled by a power of two is exact), so one multiply rebiases it; exponent 31
 * (Inf/NaN) becomes 255 by OR-ing the exponent bits; the sign is bit 31 of the sign-extended short.
 */
public final class F16Tensor extends FloatTensor {
    private static final float REBIAS = 0x1p112f;
    private static final int EXPONENT_31 = 0x7C00;
    private static final int FLOAT_EXPONENT_255 = 0x7F800000;

    private final MemorySegment data;
    private final long size;

    public F16Tensor(MemorySegment data, long size) {
        if (data.byteSize() < size * 2) throw new IllegalArgumentException("segment too small for " + size + " halves");
        this.data = data;
        this.size = size;
    }

    @Override
    public long size() { return size; }

    @Override
    public GgmlType type() { return GgmlType.F16; }

    @Override
    public MemorySegment data() { return data; }

    @Override
    public float getFloat(long index) {
        return VectorSupport.f16(data, index * 2);
    }

    /*
     * dot and copyRow repeat the conversion instead of sharing a helper: a vector returned from a call C2 declined
     * to inline is boxed (see docs/weights.md), so kernel bodies call only JDK Vector API methods.
     */

    @Override
    public float dot(long thisOffset, float[] that, int thatOffset, int n) {
        if (!VectorSupport.ENABLED) return dotElements(thisOffset, that, thatOffset, n);
        var species = VectorSupport.F;
        int lanes = species.length();
        FloatVector acc = FloatVector.zero(species);
        int i = 0;
        for (int upper = n - lanes; i <= upper; i += lanes) {
            IntVector h = (IntVector) ShortVector.fromMemorySegment(VectorSupport.S, data, (thisOffset + i) * 2,
                    ByteOrder.LITTLE_ENDIAN).castShape(VectorSupport.I, 0);
            IntVector em = h.and(0x7FFF);
            FloatVector w = em.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(REBIAS)
                    .reinterpretAsInts()
                    .lanewise(VectorOperators.OR, FLOAT_EXPONENT_255, em.compare(VectorOperators.GE, EXPONENT_31))
                    .or(h.and(0x80000000))
                    .reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(species, that, thatOffset + i), acc);
        }
        return LaneSum.of(acc) + dotElements(thisOffset + i, that, thatOffset + i, n - i);
    }

    /** Vectorised row dequantisation: prefill's tiled matmul converts every weight row once per batch. */
    @Override
    public void copyRow(int row, int cols, float[] out) {
        if (!VectorSupport.ENABLED) {
            super.copyRow(row, cols, out);
            return;
        }
        int lanes = VectorSupport.F.length();
        long base = (long) row * cols;
        int i = 0;
        for (int upper = cols - lanes; i <= upper; i += lanes) {
            IntVector h = (IntVector) ShortVector.fromMemorySegment(VectorSupport.S, data, (base + i) * 2,
                    ByteOrder.LITTLE_ENDIAN).castShape(VectorSupport.I, 0);
            IntVector em = h.and(0x7FFF);
            em.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(REBIAS)
                    .reinterpretAsInts()
                    .lanewise(VectorOperators.OR, FLOAT_EXPONENT_255, em.compare(VectorOperators.GE, EXPONENT_31))
                    .or(h.and(0x80000000))
                    .reinterpretAsFloats()
                    .intoArray(out, i);
        }
        for (; i < cols; i++) out[i] = getFloat(base + i);
    }
}
