package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector species shared by the dot kernels, plus little-endian scalar reads. Kernels pair a float vector of L lanes
 * with a byte vector of L lanes (L*8 bits), which exists for L = 8 (AVX2) and L = 16 (AVX-512); on other machines,
 * or with -Dheatmap.vector=false, tensors use their scalar dot.
 */
final class VectorSupport {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final boolean ENABLED = (F.length() == 8 || F.length() == 16)
            && !"false".equals(System.getProperty("heatmap.vector"));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.length() * 8)));
    static final VectorSpecies<Integer> I = F.withLanes(int.class);
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, F.length() * 16)));

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private VectorSupport() {}

    /**
     * L bytes at {@code offset} widened to int lanes, zero-extended. Nibble and bit extraction happens on ints
     * because x86 has no byte-lane shifts, and C2's emulation of ByteVector shifts is several times slower.
     */
    static IntVector unsignedBytes(MemorySegment seg, long offset) {
        return ((IntVector) ByteVector.fromMemorySegment(B, seg, offset, ByteOrder.LITTLE_ENDIAN).castShape(I, 0)).and(0xFF);
    }

    /** L bytes at {@code offset} widened to int lanes, sign-extended. */
    static IntVector signedBytes(MemorySegment seg, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, seg, offset, ByteOrder.LITTLE_ENDIAN).castShape(I, 0);
    }

    static IntVector signedBytes(byte[] bytes, int offset) {
        return (IntVector) ByteVector.fromArray(B, bytes, offset).castShape(I, 0);
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.castShape(F, 0);
    }

    /** An IEEE half stored little-endian at {@code offset}, as float. */
    static float f16(MemorySegment seg, long offset) {
        return Float.float16ToFloat(seg.get(I16, offset));
    }

    static int u8(MemorySegment seg, long offset) {
        return Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, offset));
    }

    static byte i8(MemorySegment seg, long offset) {
        return seg.get(ValueLayout.JAVA_BYTE, offset);
    }
}
