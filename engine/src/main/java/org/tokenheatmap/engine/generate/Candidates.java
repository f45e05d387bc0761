package org.tokenheatmap.engine.generate;

/** Tokens that survived filtering, most likely first, with renormalised probabilities summing to 1. */
public record Candidates(int[] tokens, float[] probabilities) {

    public int size() {
        return tokens.length;
    }
}
