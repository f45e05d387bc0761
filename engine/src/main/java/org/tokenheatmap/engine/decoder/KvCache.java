package org.tokenheatmap.engine.decoder;

/** Keys and values of every past position, per layer, laid out {@code [position][kvDim]}. */
public final class KvCache {

    private final float[][] keys;
    private final float[][] values;
    private final int capacity;
    private final int kvDim;
    private final boolean halfPrecision;

    public KvCache(int layers, int capacity, int kvDim) {
        this(layers, capacity, kvDim, false);
    }

    /**
     * With {@code halfPrecision} every stored key and value is rounded to fp16, as in llama.cpp's default F16 cache
     * (storage stays float so the attention kernels are shared).
     */
    public KvCache(int layers, int capacity, int kvDim, boolean halfPrecision) {
        this.keys = new float[layers][Math.multiplyExact(capacity, kvDim)];
        this.values = new float[layers][capacity * kvDim];
        this.capacity = capacity;
        this.kvDim = kvDim;
        this.halfPrecision = halfPrecision;
    }

    public int capacity() {
        return capacity;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset) {
        System.arraycopy(k, kOffset, keys[layer], position * kvDim, kvDim);
        System.arraycopy(v, vOffset, values[layer], position * kvDim, kvDim);
        if (halfPrecision) {
            VectorMath.roundToHalf(keys[layer], position * kvDim, kvDim);
            VectorMath.roundToHalf(values[layer], position * kvDim, kvDim);
        }
    }
}
