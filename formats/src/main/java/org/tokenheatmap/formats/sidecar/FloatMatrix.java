package org.tokenheatmap.formats.sidecar;

/**
 * A row-major 2-d float array, as the sidecars store attention weights and q/k/v vectors.
 *
 * @param values {@code rows × cols} values, row after row
 */
public record FloatMatrix(int rows, int cols, float[] values) {

    public FloatMatrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length)
            throw new IllegalArgumentException(rows + " x " + cols + " matrix cannot hold " + values.length + " values");
    }

    public float get(int row, int col) { return values[row * cols + col]; }

    /** A copy of one row. */
    public float[] row(int row) {
        float[] out = new float[cols];
        System.arraycopy(values, row * cols, out, 0, cols);
        return out;
    }

    public String shape() { return "[" + rows + ", " + cols + "]"; }
}
