package org.tokenheatmap.engine.decoder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.tokenheatmap.engine.tensor.LaneSum;

/** Small SIMD kernels on float arrays used by attention and the element-wise steps. */
final class VectorMath {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, a, aOffset + i).fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc);
        }
        float sum = LaneSum.of(acc);
        for (; i < n; i++) sum += a[aOffset + i] * b[bOffset + i];
        return sum;
    }

    /** {@code y[yOffset + i] += a * x[xOffset + i]}. */
    static void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, xOffset + i).fma(va, FloatVector.fromArray(SPECIES, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        for (; i < n; i++) y[yOffset + i] += a * x[xOffset + i];
    }

    /** {@code out[i] = a[i] + b[i]} over {@code n} elements starting at 0. */
    static void add(float[] a, float[] b, float[] out, int n) {
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, i).add(FloatVector.fromArray(SPECIES, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = a[i] + b[i];
    }

    /** In-place softmax of {@code x[offset, offset + n)}. */
    static void softmax(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[offset + i]);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) x[offset + i] *= inv;
    }

    /** Rounds {@code x[offset, offset + n)} to the nearest fp16 value (ties to even), keeping float storage. */
    static void roundToHalf(float[] x, int offset, int n) {
        for (int i = offset; i < offset + n; i++) x[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
    }
}
