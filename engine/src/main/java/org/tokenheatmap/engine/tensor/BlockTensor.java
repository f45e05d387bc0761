package org.tokenheatmap.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A block-quantised tensor: {@code size / blockSize} blocks of {@code blockBytes} each. Subclasses define how one
 * block dequantises (the reference semantics, also used for the scalar dot) and a fused vector dot.
 */
public abstract sealed class BlockTensor extends FloatTensor
        permits Q8_0Tensor, Q4_0Tensor, KQuantTensor {
    protected final MemorySegment data;
    private final long size;
    private final GgmlType type;

    protected BlockTensor(GgmlType type, MemorySegment data, long size) {
        if (size % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " tensor size " + size + " is not a multiple of " + type.blockSize());
        }
        if (data.byteSize() < type.byteSize(size)) {
            throw new IllegalArgumentException("segment too small for " + size + " " + type + " elements");
        }
        this.type = type;
        this.data = data;
        this.size = size;
    }

    @Override
    public GgmlType type() { return type; }

    @Override
    public MemorySegment data() { return data; }

    @Override
    public long size() { return size; }

    /** Writes the {@code blockSize} values of block {@code block} to {@code out[off...]}. */
    public abstract void dequantizeBlock(long block, float[] out, int off);

    /** The fused vector kernel; {@code thisOffset} and {@code n} are multiples of the block size. */
    protected abstract float dotVector(long thisOffset, float[] that, int thatOffset, int n);

    @Override
    public float dot(long thisOffset, float[] that, int thatOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(thisOffset, that, thatOffset, n) : dotScalar(thisOffset, that, thatOffset, n);
    }

    /** Reference dot: dequantise each block, then multiply-add in order. */
    public float dotScalar(long thisOffset, float[] that, int thatOffset, int n) {
        int bs = type.blockSize();
        float[] block = new float[bs];
        float sum = 0;
        for (int i = 0; i < n; i += bs) {
            dequantizeBlock((thisOffset + i) / bs, block, 0);
            for (int j = 0; j < bs; j++) sum += block[j] * that[thatOffset + i + j];
        }
        return sum;
    }

    @Override
    public float getFloat(long index) {
        int bs = type.blockSize();
        float[] block = new float[bs];
        dequantizeBlock(index / bs, block, 0);
        return block[(int) (index % bs)];
    }

    @Override
    public void copyRow(int row, int cols, float[] out) {
        int bs = type.blockSize();
        long first = (long) row * cols / bs;
        for (int b = 0; b < cols / bs; b++) dequantizeBlock(first + b, out, b * bs);
    }

    /** Byte offset of block {@code block}. */
    protected final long blockOffset(long block) {
        return block * type.blockBytes();
    }
}
