package org.tokenheatmap.capture;

import java.util.List;
import org.tokenheatmap.engine.generate.SamplingOptions;

/**
 * What one capture does: the text and mode, how tokens are chosen, and what the probes record.
 *
 * @param text               the prompt (generate) or the scored text (score)
 * @param maxNewTokens       most steps in generate mode (ignored in score mode)
 * @param topAlternatives    alternatives per step and prompt token
 * @param attentionTopK      most attended positions per head in the inline summary
 * @param sparsityThreshold  |x| below this counts as zero in the activation probe's sparsity (absolute)
 * @param stopStrings        generate mode ends (stop reason {@code stop_string}) on the step whose text completes one
 * @param chat               generate mode: the prompt is one user message rendered through the model's chat template
 */
public record CaptureOptions(Mode mode, String text, int maxNewTokens, SamplingOptions sampling, int topAlternatives,
                             LayerSelection layers, boolean attention, int attentionTopK, boolean fullAttention,
                             boolean qkv, boolean activations, List<Submodule> submodules, boolean fullActivations,
                             double sparsityThreshold, int topNeurons, List<String> stopStrings, boolean chat) {

    public enum Mode {
        GENERATE("generate"), SCORE("score");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public static final int DEFAULT_TOP_ALTERNATIVES = 10;
    public static final int DEFAULT_ATTENTION_TOP_K = 5;
    public static final double DEFAULT_SPARSITY_THRESHOLD = 1e-3;
    public static final int DEFAULT_TOP_NEURONS = 16;

    public CaptureOptions {
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(text, "text");
        submodules = List.copyOf(submodules);
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.contains("")) throw new IllegalArgumentException("a stop string must not be empty");
        if (mode == Mode.SCORE && !stopStrings.isEmpty()) throw new IllegalArgumentException("stop strings apply to generation, not to score mode");
        if (mode == Mode.SCORE && chat) throw new IllegalArgumentException("--chat applies to a prompt to continue, not to score mode");
        if (mode == Mode.GENERATE && maxNewTokens < 1) throw new IllegalArgumentException("--max-new-tokens must be >= 1, was " + maxNewTokens);
        if (mode == Mode.SCORE && text.isEmpty()) throw new IllegalArgumentException("the text to score is empty");
        if (topAlternatives < 0 || attentionTopK < 0 || topNeurons < 0) throw new IllegalArgumentException("top-k counts must be >= 0");
        if (!(sparsityThreshold >= 0)) throw new IllegalArgumentException("--sparsity-threshold must be >= 0, was " + sparsityThreshold);
        if (activations && submodules.isEmpty()) throw new IllegalArgumentException("the activation probe needs at least one submodule");
        if (fullAttention && !attention) throw new IllegalArgumentException("--capture-full-attention needs the attention probe (drop --no-attention)");
        if (qkv && !fullAttention) throw new IllegalArgumentException("--capture-qkv writes into the attention sidecars; add --capture-full-attention");
        if (fullActivations && !activations) throw new IllegalArgumentException("--capture-full-activations needs the activation probe (drop --no-activations)");
    }

    public static Builder generate(String prompt) {
        return new Builder(Mode.GENERATE, prompt);
    }

    public static Builder score(String text) {
        return new Builder(Mode.SCORE, text);
    }

    /** Defaults: greedy, 64 new tokens, both probes on at Tier 1 over every layer and submodule. */
    public static final class Builder {
        private final Mode mode;
        private final String text;
        private int maxNewTokens = 64;
        private SamplingOptions sampling = SamplingOptions.greedy();
        private int topAlternatives = DEFAULT_TOP_ALTERNATIVES;
        private LayerSelection layers = LayerSelection.ALL;
        private boolean attention = true;
        private int attentionTopK = DEFAULT_ATTENTION_TOP_K;
        private boolean fullAttention;
        private boolean qkv;
        private boolean activations = true;
        private List<Submodule> submodules = List.of(Submodule.values());
        private boolean fullActivations;
        private double sparsityThreshold = DEFAULT_SPARSITY_THRESHOLD;
        private int topNeurons = DEFAULT_TOP_NEURONS;
        private List<String> stopStrings = List.of();
        private boolean chat;

        private Builder(Mode mode, String text) {
            this.mode = mode;
            this.text = text;
        }

        public Builder maxNewTokens(int n) { maxNewTokens = n; return this; }
        public Builder sampling(SamplingOptions s) { sampling = s; return this; }
        public Builder topAlternatives(int k) { topAlternatives = k; return this; }
        public Builder layers(LayerSelection l) { layers = l; return this; }
        public Builder attention(boolean on) { attention = on; return this; }
        public Builder attentionTopK(int k) { attentionTopK = k; return this; }
        public Builder fullAttention(boolean on) { fullAttention = on; return this; }
        public Builder qkv(boolean on) { qkv = on; return this; }
        public Builder activations(boolean on) { activations = on; return this; }
        public Builder submodules(List<Submodule> s) { submodules = s; return this; }
        public Builder fullActivations(boolean on) { fullActivations = on; return this; }
        public Builder sparsityThreshold(double t) { sparsityThreshold = t; return this; }
        public Builder topNeurons(int n) { topNeurons = n; return this; }
        public Builder stopStrings(List<String> s) { stopStrings = s; return this; }
        public Builder chat(boolean on) { chat = on; return this; }

        /** Every probe at both tiers, QKV included. */
        public Builder everything() {
            return attention(true).fullAttention(true).qkv(true).activations(true).fullActivations(true);
        }

        public CaptureOptions build() {
            return new CaptureOptions(mode, text, maxNewTokens, sampling, topAlternatives, layers, attention, attentionTopK,
                    fullAttention, qkv, activations, submodules, fullActivations, sparsityThreshold, topNeurons, stopStrings, chat);
        }
    }
}
