package org.tokenheatmap.viewer.export;

import java.util.List;
import java.util.Locale;

/**
 * The per-token metrics the heatmap can colour by, and how each maps to [0, 1] over one trace: 1 (yellow) is always
 * "confident", 0 (purple) "unsure". Mirrors viewer/ui/src/metrics.js.
 */
public enum TokenMetric {
    PROBABILITY, LOGPROB, ENTROPY, RANK, SURPRISAL;

    public static TokenMetric of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown metric '" + name + "' (probability, logprob, entropy, rank, surprisal)");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Raw value of one token, NaN when the token has none. */
    public double raw(Double logprob, Double entropy, Integer rank) {
        return switch (this) {
            case PROBABILITY -> logprob == null ? Double.NaN : Math.exp(logprob);
            case LOGPROB -> logprob == null ? Double.NaN : logprob;
            case ENTROPY -> entropy == null ? Double.NaN : entropy;
            case RANK -> rank == null ? Double.NaN : rank;
            case SURPRISAL -> logprob == null ? Double.NaN : -logprob / Math.log(2);
        };
    }

    /** The domain [lo, hi] of raw values shown by the legend. */
    public double[] domain(List<Double> raws) {
        double max = raws.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(1);
        double min = raws.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).min().orElse(0);
        return switch (this) {
            case PROBABILITY -> new double[] {0, 1};
            case LOGPROB -> new double[] {Math.min(min, -1e-9), 0};
            case ENTROPY, SURPRISAL -> new double[] {0, Math.max(max, 1e-9)};
            case RANK -> new double[] {1, Math.max(max, 2)};
        };
    }

    /** Position on the colour scale, 1 = confident. */
    public double normalise(double raw, double[] domain) {
        if (Double.isNaN(raw)) return Double.NaN;
        return switch (this) {
            case PROBABILITY -> raw;
            case LOGPROB -> (raw - domain[0]) / (domain[1] - domain[0]);
            case ENTROPY, SURPRISAL -> 1 - raw / domain[1];
            case RANK -> 1 - Math.log(raw) / Math.log(domain[1]);
        };
    }

    /** True when larger raw values mean more confident (the legend's left-to-right direction). */
    public boolean higherIsConfident() {
        return this == PROBABILITY || this == LOGPROB;
    }
}
