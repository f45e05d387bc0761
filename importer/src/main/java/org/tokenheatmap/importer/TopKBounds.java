package org.tokenheatmap.importer;

import java.util.List;

/**
 * What a position's listed alternatives tell about its full next-token distribution, which an API does not give.
 *
 * <p>Entropy: the listed probabilities p_1 ≥ … ≥ p_k (and the chosen token's, when it is not listed) are known; the
 * rest of the mass r = 1 − Σp lies on tokens none likelier than p_k (they would have been listed). Entropy is
 * Schur-concave, so the least entropy any such distribution can have puts the rest on as few tokens as possible:
 * ⌊r / p_k⌋ tokens of p_k and one of the remainder. That minimum is a lower bound on the true entropy, and equals it
 * when the listed tokens hold all the mass. Without alternatives nothing bounds the rest, which then counts as one
 * token.
 */
final class TopKBounds {
    private TopKBounds() {}

    /**
     * @param listedLogprobs the alternatives' logprobs
     * @param chosenLogprob  the chosen token's logprob
     * @param chosenListed   whether the chosen token is among the alternatives
     */
    static double entropyLowerBound(List<Double> listedLogprobs, double chosenLogprob, boolean chosenListed) {
        double known = 0, entropy = 0, cap = Double.POSITIVE_INFINITY;
        for (double lp : listedLogprobs) {
            double p = Math.exp(lp);
            known += p;
            entropy -= plogp(p);
            cap = Math.min(cap, p);
        }
        if (!chosenListed) {
            double p = Math.exp(chosenLogprob);
            known += p;
            entropy -= plogp(p);
        }
        double rest = Math.max(0, 1 - known);
        if (rest > 0) {
            if (!(cap > 0) || cap >= rest) {
                entropy -= plogp(rest);
            } else {
                double full = Math.floor(rest / cap);
                entropy -= full * plogp(cap) + plogp(rest - full * cap);
            }
        }
        return Math.max(0, entropy);
    }

    private static double plogp(double p) {
        return p > 0 ? p * Math.log(p) : 0;
    }
}
