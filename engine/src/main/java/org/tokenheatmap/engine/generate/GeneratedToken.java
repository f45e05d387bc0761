package org.tokenheatmap.engine.generate;

/**
 * One generated token as the stream reports it.
 *
 * @param index        0 for the first generated token
 * @param position     the token's position in the sequence (prompt length + index)
 * @param token        its id
 * @param logits       the logits it was chosen from (the session's buffer: valid only during the callback)
 * @param logSumExp    log of the softmax denominator of {@code logits} at temperature 1
 * @param text         the text it completed ("" while a multi-byte character is pending; null without a tokenizer)
 * @param stepNanos    time to compute the logits it was chosen from (the prefill for the first token)
 */
public record GeneratedToken(int index, int position, int token, float[] logits, int vocabSize, double logSumExp,
                             String text, long stepNanos) {

    /** The model's probability of this token (temperature 1, before any filtering). */
    public double probability() {
        return Math.exp(logProbability());
    }

    public double logProbability() {
        return logits[token] - logSumExp;
    }

    /** Probability of any token under the same distribution. */
    public double probabilityOf(int id) {
        return Math.exp(logits[id] - logSumExp);
    }
}
