package org.tokenheatmap.t3.analysis;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The coupling rotation of one frame: Ω[i][j] = tanh(omega_flat[idx])·coupling_max for i &lt; j in lexicographic
 * order, Ω[j][i] = −Ω[i][j], and R = expm(Ω) ∈ SO(N). The trivector term of the model is state-dependent (it
 * depends on the live primitives inside the forward) and cannot be rebuilt from the trace, so R here is the
 * bivector part only.
 *
 * @param orthogonalityError max |RᵀR − I|
 * @param determinant        det R (1 for a rotation)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Rotation(double[][] omega, double[][] r, double orthogonalityError, double determinant) {

    public static final String TRIVECTOR_NOTE =
            "the trivector (grade-3) term is state-dependent and cannot be rebuilt from the trace; R is the bivector part";

    /** Number of unordered pairs C(n, 2). */
    public static int pairs(int n) { return n * (n - 1) / 2; }

    /** Number of unordered triples C(n, 3). */
    public static int triples(int n) { return n * (n - 1) * (n - 2) / 6; }

    public static double[][] omega(double[] omegaFlat, int n, double couplingMax) {
        if (omegaFlat.length != pairs(n))
            throw new IllegalArgumentException("omega_flat has " + omegaFlat.length + " entries, expected C("
                    + n + ",2) = " + pairs(n));
        double[][] w = new double[n][n];
        int idx = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                w[i][j] = Math.tanh(omegaFlat[idx++]) * couplingMax;
                w[j][i] = -w[i][j];
            }
        return w;
    }

    public static Rotation of(double[] omegaFlat, int n, double couplingMax) {
        double[][] w = omega(omegaFlat, n, couplingMax);
        double[][] r = MatrixExp.expm(w);
        double orth = Mat.maxAbsDiff(Mat.multiply(Mat.transpose(r), r), Mat.identity(n));
        return new Rotation(w, r, orth, Mat.determinant(r));
    }
}
