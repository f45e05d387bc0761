package org.tokenheatmap.t3.analysis;

/** The few dense operations on small square matrices (N ≤ 8 here) that the rotation analysis needs. */
public final class Mat {

    private Mat() {}

    public static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                for (int j = 0; j < m; j++) c[i][j] += aip * b[p][j];
            }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** alpha·a + beta·b. */
    public static double[][] combine(double alpha, double[][] a, double beta, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[0].length; j++) c[i][j] = alpha * a[i][j] + beta * b[i][j];
        return c;
    }

    /** Maximum absolute column sum (the 1-norm). */
    public static double norm1(double[][] a) {
        double best = 0;
        for (int j = 0; j < a[0].length; j++) {
            double s = 0;
            for (double[] row : a) s += Math.abs(row[j]);
            best = Math.max(best, s);
        }
        return best;
    }

    public static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
        return d;
    }

    /** Solves A X = B by LU with partial pivoting; A must be non-singular. */
    public static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        double[][] lu = copy(a), x = copy(b);
        for (int col = 0; col < n; col++) {
            int pivot = pivotRow(lu, col);
            swap(lu, col, pivot);
            swap(x, col, pivot);
            for (int r = col + 1; r < n; r++) {
                double f = lu[r][col] / lu[col][col];
                for (int c = col; c < n; c++) lu[r][c] -= f * lu[col][c];
                for (int c = 0; c < x[0].length; c++) x[r][c] -= f * x[col][c];
            }
        }
        for (int r = n - 1; r >= 0; r--)
            for (int c = 0; c < x[0].length; c++) {
                double s = x[r][c];
                for (int k = r + 1; k < n; k++) s -= lu[r][k] * x[k][c];
                x[r][c] = s / lu[r][r];
            }
        return x;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    public static double determinant(double[][] a) {
        int n = a.length;
        double[][] lu = copy(a);
        double det = 1;
        for (int col = 0; col < n; col++) {
            int pivot = pivotRow(lu, col);
            if (lu[pivot][col] == 0) return 0;
            if (pivot != col) {
                swap(lu, col, pivot);
                det = -det;
            }
            det *= lu[col][col];
            for (int r = col + 1; r < n; r++) {
                double f = lu[r][col] / lu[col][col];
                for (int c = col; c < n; c++) lu[r][c] -= f * lu[col][c];
            }
        }
        return det;
    }

    private static int pivotRow(double[][] m, int col) {
        int best = col;
        for (int r = col + 1; r < m.length; r++) if (Math.abs(m[r][col]) > Math.abs(m[best][col])) best = r;
        return best;
    }

    private static void swap(double[][] m, int i, int j) {
        double[] t = m[i];
        m[i] = m[j];
        m[j] = t;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
