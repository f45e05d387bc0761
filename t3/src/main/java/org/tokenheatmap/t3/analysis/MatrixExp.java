package org.tokenheatmap.t3.analysis;

/**
 * Matrix exponential by scaling and squaring with a diagonal [6/6] Padé approximant: scale A by 2^-s until
 * ‖A‖₁ ≤ 1/2, where the [6/6] approximant's relative error is below 1e-16 (Moler & Van Loan, "Nineteen
 * dubious ways", method 3), then square s times.
 */
public final class MatrixExp {

    private static final int DEGREE = 6;
    private static final double[] PADE = padeCoefficients(DEGREE);

    private MatrixExp() {}

    public static double[][] expm(double[][] a) {
        double norm = Mat.norm1(a);
        int s = norm > 0.5 ? (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)) : 0;
        double[][] x = Mat.combine(Math.scalb(1.0, -s), a, 0, a);
        int n = a.length;
        double[][] numer = Mat.identity(n), denom = Mat.identity(n), power = Mat.identity(n);
        for (int k = 1; k <= DEGREE; k++) {
            power = Mat.multiply(power, x);
            numer = Mat.combine(1, numer, PADE[k], power);
            denom = Mat.combine(1, denom, (k % 2 == 0 ? 1 : -1) * PADE[k], power);
        }
        double[][] r = Mat.solve(denom, numer);
        for (int i = 0; i < s; i++) r = Mat.multiply(r, r);
        return r;
    }

    /** c_k = (2m-k)! m! / ((2m)! k! (m-k)!), built by the recurrence c_k = c_{k-1}·(m-k+1) / (k·(2m-k+1)). */
    private static double[] padeCoefficients(int m) {
        double[] c = new double[m + 1];
        c[0] = 1;
        for (int k = 1; k <= m; k++) c[k] = c[k - 1] * (m - k + 1) / (k * (2.0 * m - k + 1));
        return c;
    }
}
