package org.tokenheatmap.t3.analysis;

import org.tokenheatmap.t3.T3Record;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Arrays;

/** Recomputes a stage's geometry from its head positions and compares it with the stored matrices. */
public final class Geometry {

    private Geometry() {}

    /**
     * Deviations are max |recomputed − stored| over all entries; null when the stored matrix does not have the
     * shape [n_heads][n_heads] (validation reports that).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Check(int stageIdx, int nHeads, double blockadeRadius, double blockadeExponent,
                        Double maxDistanceDeviation, Double maxKernelDeviation, Double cosurvivalScale) {}

    public static Check check(T3Record.StageGeom g) {
        double[][] pos = g.headPositions();
        boolean positionsOk = Arrays.stream(pos).allMatch(p -> p.length == 3);
        double[][] d = positionsOk ? Torus.distances(pos) : null;
        double[][] k = positionsOk ? Torus.blockadeKernel(d, g.blockadeRadius(), g.blockadeExponent()) : null;
        return new Check(g.stageIdx(), pos.length, g.blockadeRadius(), g.blockadeExponent(),
                deviation(d, g.distances()), deviation(k, g.blockadeKernel()), cosurvivalScale(g.cosurvivalMatrix()));
    }

    /** max |a − b|, or null when either is missing or the shapes differ. */
    static Double deviation(double[][] a, double[][] b) {
        if (a == null || b == null || a.length != b.length) return null;
        for (int i = 0; i < a.length; i++) if (a[i].length != b[i].length) return null;
        return Mat.maxAbsDiff(a, b);
    }

    /** Median of |v| over all entries: the display scale of the (unbounded) cosurvival EMA; null when all are 0. */
    public static Double cosurvivalScale(double[][] v) {
        double[] abs = Arrays.stream(v).flatMapToDouble(Arrays::stream).map(Math::abs).sorted().toArray();
        if (abs.length == 0) return null;
        double median = abs.length % 2 == 1 ? abs[abs.length / 2]
                : (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;
        return median > 0 ? median : null;
    }

    /** tanh(v / median|v|) for display in [-1, 1]; with a zero median every entry is tanh(0) = 0 or ±1. */
    public static double[][] scaledCosurvival(double[][] v) {
        Double scale = cosurvivalScale(v);
        double s = scale == null ? 1 : scale;
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new double[v[i].length];
            for (int j = 0; j < v[i].length; j++) out[i][j] = Math.tanh(v[i][j] / s);
        }
        return out;
    }
}
