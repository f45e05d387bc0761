package org.tokenheatmap.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenheatmap.t3.analysis.MatrixExp;
import org.tokenheatmap.t3.analysis.Reports;
import org.tokenheatmap.t3.analysis.Rotation;
import org.tokenheatmap.t3.synth.SyntheticTrace;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Ω and R = expm(Ω) against references written here: the Taylor series and a Leibniz determinant. */
class RotationTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {6, 8})
    void omegaIsTanhScaledAntisymmetricInLexicographicOrder(int n) {
        double[] flat = random(n * (n - 1) / 2, 3, 11);
        double[][] w = Rotation.omega(flat, n, 0.2);
        int idx = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(0, w[i][i]);
            for (int j = i + 1; j < n; j++, idx++) {
                assertEquals(Math.tanh(flat[idx]) * 0.2, w[i][j], 1e-15);
                assertEquals(-w[i][j], w[j][i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 1.0, 5.0})
    void rotationMatchesTheTaylorSeriesAndIsInSO(double couplingMax) {
        for (int n : new int[]{6, 8}) {
            Rotation r = Rotation.of(random(n * (n - 1) / 2, 2, n), n, couplingMax);
            assertArrayEquals2(taylor(r.omega()), r.r(), 1e-11);
            assertTrue(r.orthogonalityError() < 1e-12, "RᵀR − I: " + r.orthogonalityError());
            assertEquals(1, r.determinant(), 1e-12);
            assertEquals(1, leibnizDeterminant(r.r()), 1e-12);
        }
    }

    @Test
    void planeRotationHasTheClosedForm() {
        double theta = 2.5;
        double[][] r = MatrixExp.expm(new double[][]{{0, theta}, {-theta, 0}});
        assertArrayEquals2(new double[][]{{Math.cos(theta), Math.sin(theta)}, {-Math.sin(theta), Math.cos(theta)}}, r, 1e-14);
    }

    @Test
    void frameRotationOfATraceUsesItsStageCouplingMax() {
        Variants.Variant v = Variants.all().getFirst();
        SyntheticTrace t = v.trace();
        try (T3Trace trace = T3Trace.open(v.write(dir))) {
            Reports.FrameRotation fr = Reports.rotation(trace, 5);
            Map<String, Object> frame = t.frame(5);
            double cmax = (Double) t.stageGeom((Integer) frame.get("stage_idx")).get("coupling_max");
            double[][] want = taylor(Rotation.omega((double[]) frame.get("omega_flat"), t.config().nPrimitives(), cmax));
            assertArrayEquals2(want, fr.rotation().r(), 1e-12);
            assertTrue(fr.ok());
            assertEquals(Rotation.TRIVECTOR_NOTE, fr.note());
        }
    }

    /**
     * exp(A) = exp(A/2^h)^(2^h) with the plain series Σ (A/2^h)^k / k! for ‖A/2^h‖ ≤ 1/2 (a large-norm series alone
     * would lose every digit to cancellation).
     */
    static double[][] taylor(double[][] a) {
        double norm = 0;
        for (double[] row : a) for (double x : row) norm += Math.abs(x);
        int h = 0;
        while (norm / (1 << h) > 0.5) h++;
        double[][] x = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) x[i][j] = a[i][j] / (1 << h);
        double[][] e = series(x);
        for (int k = 0; k < h; k++) e = product(e, e);
        return e;
    }

    private static double[][] product(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < n; p++) c[i][j] += a[i][p] * b[p][j];
        return c;
    }

    private static double[][] series(double[][] a) {
        int n = a.length;
        double[][] sum = new double[n][n], term = new double[n][n];
        for (int i = 0; i < n; i++) sum[i][i] = term[i][i] = 1;
        for (int k = 1; k < 40; k++) {
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < n; p++) s += term[i][p] * a[p][j];
                    next[i][j] = s / k;
                }
            term = next;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sum[i][j] += term[i][j];
        }
        return sum;
    }

    /** det by the Leibniz sum over permutations (n ≤ 8: 40320 terms). */
    static double leibnizDeterminant(double[][] m) {
        int n = m.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        return permute(m, perm, 0);
    }

    private static double permute(double[][] m, int[] p, int k) {
        if (k == p.length) {
            double prod = 1;
            for (int i = 0; i < p.length; i++) prod *= m[i][p[i]];
            return prod * sign(p);
        }
        double s = 0;
        for (int i = k; i < p.length; i++) {
            swap(p, k, i);
            s += permute(m, p, k + 1);
            swap(p, k, i);
        }
        return s;
    }

    private static int sign(int[] p) {
        int inversions = 0;
        for (int i = 0; i < p.length; i++) for (int j = i + 1; j < p.length; j++) if (p[i] > p[j]) inversions++;
        return inversions % 2 == 0 ? 1 : -1;
    }

    private static void swap(int[] p, int i, int j) { int t = p[i]; p[i] = p[j]; p[j] = t; }

    private static double[] random(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextDouble() * 2 - 1) * scale;
        return v;
    }

    private static void assertArrayEquals2(double[][] want, double[][] got, double tol) {
        for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], tol, "row " + i);
    }
}
