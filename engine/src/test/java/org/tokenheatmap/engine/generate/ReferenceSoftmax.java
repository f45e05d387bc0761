package org.tokenheatmap.engine.generate;

/** The tests' softmax: computed directly in double precision, as the references the engine is checked against do. */
public final class ReferenceSoftmax {
    private ReferenceSoftmax() {}

    /** Probabilities of {@code logits} at temperature {@code t}. */
    public static double[] of(float[] logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / t);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
