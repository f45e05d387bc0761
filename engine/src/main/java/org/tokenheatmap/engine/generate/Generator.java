package org.tokenheatmap.engine.generate;

import java.util.Arrays;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.tokenizer.StreamingDecoder;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/**
 * Prompt-then-decode loop over an {@link InferenceSession}: batched prefill, then one decode step per token, with
 * streaming callbacks. A sequence that would outgrow the session fails with
 * {@link org.tokenheatmap.engine.model.ContextLimitException}.
 */
public final class Generator {

    private final InferenceSession session;
    private final Tokenizer tokenizer;

    /** @param tokenizer for stop strings and streamed text; may be null */
    public Generator(InferenceSession session, Tokenizer tokenizer) {
        this.session = session;
        this.tokenizer = tokenizer;
    }

    public GenerationResult generate(int[] prompt, GenerationOptions options, TokenListener listener) {
        if (!options.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer");
        }
        Sampler sampler = new Sampler(options.sampling());
        StreamingDecoder decoder = tokenizer == null ? null : tokenizer.decoder(false);
        if (decoder != null) for (int t : prompt) decoder.append(t);
        int promptTextLength = decoder == null ? 0 : decoder.text().length();
        int vocab = session.vocabSize();

        long start = System.nanoTime();
        float[] logits = session.prefill(prompt);
        long prefillNanos = System.nanoTime() - start;
        long stepNanos = prefillNanos;
        long decodeNanos = 0;
        int[] out = new int[options.maxTokens()];
        int count = 0;
        StopReason reason = StopReason.MAX_TOKENS;
        while (true) {
            int token = sampler.sample(logits, vocab);
            out[count] = token;
            String piece = decoder == null ? null : decoder.append(token).text();
            GeneratedToken generated = new GeneratedToken(count, session.position(), token, logits, vocab,
                    logSumExp(logits, vocab), piece, stepNanos);
            count++;
            if (!listener.onToken(generated)) {
                reason = StopReason.LISTENER;
                break;
            }
            if (options.isStopToken(token)) {
                reason = StopReason.EOS;
                break;
            }
            if (decoder != null && containsStopString(decoder.text(), promptTextLength, piece, options)) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (count == options.maxTokens()) break;
            long t0 = System.nanoTime();
            logits = session.decode(token);
            stepNanos = System.nanoTime() - t0;
            decodeNanos += stepNanos;
        }
        int[] tokens = Arrays.copyOf(out, count);
        String text = decoder == null ? null : decoder.text().substring(promptTextLength);
        return new GenerationResult(prompt.clone(), tokens, text, reason, prefillNanos, decodeNanos);
    }

    /** Looks only at the tail that the latest piece could have completed. */
    private static boolean containsStopString(String text, int from, String piece, GenerationOptions options) {
        for (String stop : options.stopStrings()) {
            int tailStart = Math.max(from, text.length() - piece.length() - stop.length());
            if (text.indexOf(stop, tailStart) >= 0) return true;
        }
        return false;
    }

    static double logSumExp(float[] logits, int vocab) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[i] - max);
        return max + Math.log(sum);
    }
}
