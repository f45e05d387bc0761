package org.tokenheatmap.engine.generate;

/**
 * @param tokens         the generated ids (including a final stop token)
 * @param text           their decoded text (null without a tokenizer)
 * @param prefillNanos   time to run the prompt
 * @param decodeNanos    time for all later steps together
 */
public record GenerationResult(int[] promptTokens, int[] tokens, String text, StopReason stopReason, long prefillNanos,
                               long decodeNanos) {

    /** Decode speed: tokens produced by decode steps per second (the first comes from the prefill). */
    public double decodeTokensPerSecond() {
        return tokens.length <= 1 || decodeNanos == 0 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }

    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : promptTokens.length * 1e9 / prefillNanos;
    }
}
