package org.tokenheatmap.t3.analysis;

/** Geometry of heads on the 3-torus T³ = [0,1)³ with opposite faces identified. */
public final class Torus {

    private Torus() {}

    /** Geodesic distance: Euclidean norm of the per-axis wraparound differences min(|a-b|, 1-|a-b|). */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = Math.abs(a[k] - b[k]) % 1.0;
            d = Math.min(d, 1 - d);
            s += d * d;
        }
        return Math.sqrt(s);
    }

    public static double[][] distances(double[][] positions) {
        int n = positions.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) d[i][j] = d[j][i] = distance(positions[i], positions[j]);
        return d;
    }

    /** Rydberg-style blockade 1/(1+(d/r)^exp) with the diagonal set to zero (a head does not block itself). */
    public static double[][] blockadeKernel(double[][] distances, double radius, double exponent) {
        int n = distances.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                k[i][j] = i == j ? 0 : 1 / (1 + Math.pow(distances[i][j] / radius, exponent));
        return k;
    }
}
