package org.tokenheatmap.engine.generate;

import java.util.List;

/**
 * @param maxTokens   most tokens to generate
 * @param stopTokens  ids that end generation (the EOS token, end-of-turn tokens); the stop token is reported
 * @param stopStrings texts that end generation once the decoded output contains them (needs a tokenizer)
 */
public record GenerationOptions(int maxTokens, SamplingOptions sampling, int[] stopTokens, List<String> stopStrings) {

    public GenerationOptions {
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be >= 1, was " + maxTokens);
        stopTokens = stopTokens.clone();
        stopStrings = List.copyOf(stopStrings);
    }

    public static GenerationOptions greedy(int maxTokens, int... stopTokens) {
        return new GenerationOptions(maxTokens, SamplingOptions.greedy(), stopTokens, List.of());
    }

    public GenerationOptions withSampling(SamplingOptions s) {
        return new GenerationOptions(maxTokens, s, stopTokens, stopStrings);
    }

    public GenerationOptions withStopStrings(List<String> strings) {
        return new GenerationOptions(maxTokens, sampling, stopTokens, strings);
    }

    boolean isStopToken(int token) {
        for (int t : stopTokens) if (t == token) return true;
        return false;
    }
}
