package org.tokenheatmap.compare;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tokenheatmap.formats.trace.Alternative;

/**
 * Jensen–Shannon divergence (base 2, so in [0, 1]) of two steps' recorded top-k distributions.
 *
 * <p>Each side becomes a distribution over the union of both sides' top-k keys plus one "other" bucket: a key's
 * probability is exp(logprob) where that side listed it and 0 where it did not, and "other" holds the rest,
 * 1 − Σ exp(logprob) (clamped at 0; a sum above 1 from rounding is renormalised). A key a side did not list has its
 * true mass in that side's "other", so the value is exact when both lists name the same keys and an estimate
 * otherwise. Keys are token ids for one tokenizer and token texts across tokenizers (ids of two vocabularies
 * mean nothing to each other); alternatives with equal keys are summed.
 */
public final class TokenDivergence {

    /** What identifies "the same token" on both sides. */
    public enum Key {
        TOKEN_ID(Alternative::tokenId), TEXT(Alternative::text);

        private final Function<Alternative, Object> of;

        Key(Function<Alternative, Object> of) { this.of = of; }

        public Object of(Alternative alternative) { return of.apply(alternative); }

        public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    private TokenDivergence() {}

    /** JS divergence in bits, or null when either side recorded no alternatives. */
    public static Double jensenShannon(List<Alternative> a, List<Alternative> b, Key key) {
        if (a.isEmpty() || b.isEmpty()) return null;
        Map<Object, double[]> bins = new HashMap<>(); // key -> {p, q}
        double restA = fill(a, key, bins, 0), restB = fill(b, key, bins, 1);
        double js = term(restA, restB);
        for (double[] pq : bins.values()) js += term(pq[0], pq[1]);
        return Math.max(0.0, Math.min(1.0, js));
    }

    /** Adds a side's probabilities to column {@code side} of the bins, normalised; returns its "other" mass. */
    private static double fill(List<Alternative> alternatives, Key key, Map<Object, double[]> bins, int side) {
        double total = 0;
        for (Alternative alt : alternatives) total += Math.exp(alt.logprob());
        double scale = total > 1 ? 1 / total : 1;
        for (Alternative alt : alternatives)
            bins.computeIfAbsent(key.of(alt), k -> new double[2])[side] += Math.exp(alt.logprob()) * scale;
        return Math.max(0, 1 - total * scale);
    }

    /** One bin's share: ½ p log2(p/m) + ½ q log2(q/m) with m = (p + q) / 2. */
    private static double term(double p, double q) {
        double m = (p + q) / 2, sum = 0;
        if (p > 0) sum += 0.5 * p * log2(p / m);
        if (q > 0) sum += 0.5 * q * log2(q / m);
        return sum;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** Whether the two most likely alternatives are the same token, or null when either side recorded none. */
    public static Boolean top1Agrees(List<Alternative> a, List<Alternative> b, Key key) {
        if (a.isEmpty() || b.isEmpty()) return null;
        return key.of(a.getFirst()).equals(key.of(b.getFirst()));
    }
}
