package org.tokenheatmap.engine.model;

import java.util.Arrays;
import org.tokenheatmap.engine.tensor.FloatTensor;

/**
 * A named weight as a file provides it.
 *
 * @param shape row-major, outermost first (numpy / PyTorch order: a {@code [rows, cols]} matrix; GGUF's dims reversed)
 */
public record WeightTensor(String name, FloatTensor values, long[] shape) {

    public WeightTensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        if (n != values.size()) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n + " elements, the data " + values.size());
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
