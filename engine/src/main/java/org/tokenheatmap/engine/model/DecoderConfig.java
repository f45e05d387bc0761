package org.tokenheatmap.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Everything that decides what a decoder-only transformer computes, whatever file it came from. A model family (see
 * {@code org.tokenheatmap.engine.family}) is this configuration plus a conversion of its weights to the canonical
 * tensor layout; the generic decoder ({@code org.tokenheatmap.engine.decoder.Decoder}) runs any configuration. Build one
 * with {@link #builder}.
 *
 * @param family         the family that built it ({@code llama}, {@code gpt2}, {@code gemma2}, ...)
 * @param architecture   what the file calls its architecture (GGUF {@code general.architecture} or Hugging Face
 *                       {@code model_type}; e.g. {@code mistral} for the llama family)
 * @param headDim        per-head width; {@code heads * headDim} need not equal {@code dim} (Gemma, Qwen 3)
 * @param rotaryDim      leading dimensions of each head that rotary rotates (partial rotary: fewer than headDim)
 * @param layerAttention per layer: sliding window and rotary frequencies (Gemma alternates local and global layers)
 * @param queryScale     factor on {@code q . k} before any soft-cap (usually {@code 1/sqrt(headDim)})
 * @param attentionSoftCap {@code c * tanh(score / c)} on attention logits, or 0 for none (Gemma 2)
 * @param embeddingScale factor on the token embedding (Gemma: {@code sqrt(dim)}), 1 for none
 * @param postAttentionNorm a norm on the attention output before the residual add (Gemma 2/3)
 * @param postMlpNorm    a norm on the MLP output before the residual add (Gemma 2/3)
 * @param finalSoftCap   {@code c * tanh(logit / c)} on the output logits, or 0 for none (Gemma 2)
 */
public record DecoderConfig(String family, String architecture, int dim, int layers, int heads, int kvHeads,
                            int headDim, int ffnDim, int vocabSize, int contextLength, NormKind norm, float normEps,
                            MlpKind mlp, Activation activation, boolean learnedPositions, RotaryStyle rotaryStyle,
                            int rotaryDim, List<LayerAttention> layerAttention, boolean qkNorm, float queryScale,
                            float attentionSoftCap, float embeddingScale, boolean postAttentionNorm,
                            boolean postMlpNorm, float finalSoftCap) {

    /** RMSNorm ({@code g * x / rms(x)}) or LayerNorm ({@code g * (x - mean) / std + b}). */
    public enum NormKind { RMS, LAYER }

    /** {@code down(act(gate x) * up x)} or {@code down(act(up x))}. */
    public enum MlpKind { GATED, PLAIN }

    /** The MLP's non-linearity. */
    public enum Activation {
        SILU, GELU_TANH;

        public String label() {
            return this == SILU ? "SiLU" : "GELU (tanh approximation)";
        }
    }

    /**
     * How rotary pairs dimensions: {@code NORM} rotates adjacent pairs {@code (2i, 2i+1)} (llama.cpp's rope type for
     * llama, whose converter permutes Hugging Face q/k rows into it), {@code NEOX} rotates halves {@code (i, i + d/2)}
     * (Hugging Face's {@code rotate_half}; llama.cpp's type for Qwen, Gemma, Phi-3). {@code NONE}: no rotary.
     */
    public enum RotaryStyle { NONE, NORM, NEOX }

    /** Rotary base and scaling of one layer. */
    public record RopeFrequencies(float theta, RopeScaling scaling) {
        public RopeFrequencies {
            if (!(theta > 0) || Float.isInfinite(theta)) throw new IllegalArgumentException("rotary base must be positive and finite, was " + theta);
            java.util.Objects.requireNonNull(scaling);
        }
    }

    /**
     * One layer's attention reach and rotary frequencies.
     *
     * @param slidingWindow keys a query sees, counting itself (position {@code p} attends {@code j > p - W}), or
     *                      {@link #NO_SLIDING_WINDOW}
     * @param rope          null when the model has no rotary embedding
     */
    public record LayerAttention(int slidingWindow, RopeFrequencies rope) {
        public LayerAttention {
            if (slidingWindow < 0) throw new IllegalArgumentException("sliding window must not be negative, was " + slidingWindow);
        }
    }

    /** {@link LayerAttention#slidingWindow} value meaning every earlier position is attended. */
    public static final int NO_SLIDING_WINDOW = 0;

    public DecoderConfig {
        requirePositive("embedding width", dim);
        requirePositive("layer count", layers);
        requirePositive("head count", heads);
        requirePositive("key/value head count", kvHeads);
        requirePositive("head width", headDim);
        requirePositive("feed-forward width", ffnDim);
        requirePositive("vocabulary size", vocabSize);
        requirePositive("context length", contextLength);
        if (heads % kvHeads != 0) throw new IllegalArgumentException("heads " + heads + " not divisible by key/value heads " + kvHeads);
        // Bounds that keep every buffer's size an int; real models are far below them.
        if ((long) heads * headDim > 1 << 20 || (long) dim > 1 << 20 || ffnDim > 1 << 22 || layers > 1 << 12) {
            throw new IllegalArgumentException("dimensions out of range: dim " + dim + ", heads " + heads + " x " + headDim
                    + ", feed-forward " + ffnDim + ", layers " + layers);
        }
        requireFinitePositive("norm epsilon", normEps);
        requireFinitePositive("query scale", queryScale);
        requireFinitePositive("embedding scale", embeddingScale);
        requireFiniteNonNegative("attention soft-cap", attentionSoftCap);
        requireFiniteNonNegative("final soft-cap", finalSoftCap);
        if (rotaryStyle == RotaryStyle.NONE) {
            if (rotaryDim != 0) throw new IllegalArgumentException("rotary dimension " + rotaryDim + " without a rotary style");
        } else if (rotaryDim <= 0 || rotaryDim > headDim || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotary dimension " + rotaryDim + " must be even and at most the head width " + headDim);
        }
        layerAttention = List.copyOf(layerAttention);
        if (layerAttention.size() != layers) {
            throw new IllegalArgumentException(layerAttention.size() + " layer attention settings for " + layers + " layers");
        }
        for (LayerAttention a : layerAttention) {
            if ((a.rope() == null) != (rotaryStyle == RotaryStyle.NONE)) {
                throw new IllegalArgumentException("every layer needs rotary frequencies exactly when the model has rotary");
            }
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, was " + value);
    }

    private static void requireFinitePositive(String name, float value) {
        if (!(value > 0) || Float.isInfinite(value)) throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
    }

    private static void requireFiniteNonNegative(String name, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) throw new IllegalArgumentException(name + " must be finite and not negative, was " + value);
    }

    /** Width of all query heads together (the input of the output projection). */
    public int qDim() {
        return heads * headDim;
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public boolean hasRotary() {
        return rotaryStyle != RotaryStyle.NONE;
    }

    public int slidingWindow(int layer) {
        return layerAttention.get(layer).slidingWindow();
    }

    public boolean hasSlidingWindow() {
        return layerAttention.stream().anyMatch(a -> a.slidingWindow() != NO_SLIDING_WINDOW);
    }

    /** The earliest key position that a query at {@code position} attends in {@code layer}. */
    public int firstAttendedKey(int layer, int position) {
        int window = slidingWindow(layer);
        return window == NO_SLIDING_WINDOW ? 0 : Math.max(0, position - window + 1);
    }

    /** What this configuration does beyond a plain pre-norm transformer, one phrase each, for {@code heatmap info}. */
    public List<String> quirks() {
        List<String> q = new ArrayList<>();
        q.add((norm == NormKind.RMS ? "RMSNorm" : "LayerNorm") + " (eps " + fmt(normEps) + ")");
        q.add((mlp == MlpKind.GATED ? "gated MLP, " : "MLP, ") + activation.label());
        if (learnedPositions) q.add("learned position embeddings");
        if (hasRotary()) {
            String style = rotaryStyle == RotaryStyle.NORM ? "adjacent pairs (NORM)" : "halves (NEOX)";
            q.add("rotary on " + style + (rotaryDim < headDim ? ", partial: " + rotaryDim + " of " + headDim + " dims" : "")
                    + ", " + describeRope());
        }
        if (qDim() != dim) q.add("head width " + headDim + " (heads x width = " + qDim() + " != dim " + dim + ")");
        if (qkNorm) q.add("QK-norm");
        q.add("query scale " + fmt(queryScale) + (Math.abs(queryScale * Math.sqrt(headDim) - 1) < 1e-6 ? " (1/sqrt(head width))" : ""));
        if (attentionSoftCap > 0) q.add("attention soft-cap " + fmt(attentionSoftCap));
        if (hasSlidingWindow()) q.add("sliding window " + describeWindows());
        if (embeddingScale != 1f) q.add("embedding scale " + fmt(embeddingScale));
        if (postAttentionNorm || postMlpNorm) q.add("post-attention and post-MLP norms");
        if (finalSoftCap > 0) q.add("final soft-cap " + fmt(finalSoftCap));
        return Collections.unmodifiableList(q);
    }

    private String describeRope() {
        List<String> distinct = layerAttention.stream().map(a -> describe(a.rope())).distinct().toList();
        if (distinct.size() == 1) return distinct.getFirst();
        StringBuilder b = new StringBuilder();
        for (String d : distinct) {
            if (!b.isEmpty()) b.append("; ");
            b.append(d).append(" on layers ").append(layersWhere(l -> describe(layerAttention.get(l).rope()).equals(d)));
        }
        return b.toString();
    }

    private static String describe(RopeFrequencies f) {
        String scaling = switch (f.scaling()) {
            case RopeScaling.None none -> "";
            case RopeScaling.Linear linear -> ", linear scaling x" + fmt(linear.factor());
            case RopeScaling.PerFrequency per -> ", per-frequency factors (" + per.factors().length + ")";
        };
        return "base " + fmt(f.theta()) + scaling;
    }

    private String describeWindows() {
        List<Integer> distinct = layerAttention.stream().map(LayerAttention::slidingWindow)
                .filter(w -> w != NO_SLIDING_WINDOW).distinct().toList();
        StringBuilder b = new StringBuilder();
        for (int w : distinct) {
            if (!b.isEmpty()) b.append("; ");
            b.append(w).append(" on layers ").append(layersWhere(l -> slidingWindow(l) == w));
        }
        return b.toString();
    }

    /** Layer indices as compact ranges, e.g. {@code 0-4,6-10}; "all" when every layer matches. */
    private String layersWhere(IntPredicate test) {
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (int l = 0; l < layers; l++) {
            if (!test.test(l)) continue;
            int end = l;
            while (end + 1 < layers && test.test(end + 1)) end++;
            if (!b.isEmpty()) b.append(',');
            b.append(l).append(end > l ? "-" + end : "");
            count += end - l + 1;
            l = end;
        }
        return count == layers ? "all" : b.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    public static Builder builder(String family, String architecture) {
        return new Builder(family, architecture);
    }

    /** Sets the dimensions, then whatever differs from a plain pre-RMSNorm, SiLU-gated, rotary-free decoder. */
    public static final class Builder {
        private final String family, architecture;
        private int dim, layers, heads, kvHeads, headDim, ffnDim, vocabSize, contextLength;
        private NormKind norm = NormKind.RMS;
        private float normEps = 1e-5f;
        private MlpKind mlp = MlpKind.GATED;
        private Activation activation = Activation.SILU;
        private boolean learnedPositions;
        private RotaryStyle rotaryStyle = RotaryStyle.NONE;
        private int rotaryDim;
        private RopeFrequencies rope;
        private final java.util.Map<Integer, RopeFrequencies> ropeOverrides = new java.util.HashMap<>();
        private int slidingWindow = NO_SLIDING_WINDOW;
        private IntPredicate windowedLayers = l -> true;
        private boolean qkNorm;
        private Float queryScale;
        private float attentionSoftCap, embeddingScale = 1f, finalSoftCap;
        private boolean postAttentionNorm, postMlpNorm;

        private Builder(String family, String architecture) {
            this.family = family;
            this.architecture = architecture;
        }

        public Builder dimensions(int dim, int layers, int heads, int kvHeads, int headDim, int ffnDim, int vocabSize,
                                  int contextLength) {
            this.dim = dim;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            this.ffnDim = ffnDim;
            this.vocabSize = vocabSize;
            this.contextLength = contextLength;
            return this;
        }

        public int headDim() {
            return headDim;
        }

        public int layers() {
            return layers;
        }

        public int dim() {
            return dim;
        }

        public Builder norm(NormKind kind, float eps) {
            this.norm = kind;
            this.normEps = eps;
            return this;
        }

        public Builder mlp(MlpKind kind, Activation activation) {
            this.mlp = kind;
            this.activation = activation;
            return this;
        }

        public Builder learnedPositions() {
            this.learnedPositions = true;
            return this;
        }

        public Builder rotary(RotaryStyle style, int dims, RopeFrequencies frequencies) {
            this.rotaryStyle = style;
            this.rotaryDim = dims;
            this.rope = frequencies;
            return this;
        }

        /** Rotary frequencies of the layers {@code test} accepts, instead of the model-wide ones. */
        public Builder rotaryOnLayers(IntPredicate test, RopeFrequencies frequencies) {
            for (int l = 0; l < layers; l++) if (test.test(l)) ropeOverrides.put(l, frequencies);
            return this;
        }

        /** A sliding window of {@code window} keys on the layers {@code test} accepts (call after {@link #dimensions}). */
        public Builder slidingWindow(int window, IntPredicate test) {
            this.slidingWindow = window;
            this.windowedLayers = test;
            return this;
        }

        public Builder qkNorm() {
            this.qkNorm = true;
            return this;
        }

        public Builder queryScale(float scale) {
            this.queryScale = scale;
            return this;
        }

        public Builder attentionSoftCap(float cap) {
            this.attentionSoftCap = cap;
            return this;
        }

        public Builder embeddingScale(float scale) {
            this.embeddingScale = scale;
            return this;
        }

        /** Norms on the attention and MLP outputs before their residual adds (Gemma's "sandwich" norms). */
        public Builder postNorms() {
            this.postAttentionNorm = true;
            this.postMlpNorm = true;
            return this;
        }

        public Builder finalSoftCap(float cap) {
            this.finalSoftCap = cap;
            return this;
        }

        public DecoderConfig build() {
            List<LayerAttention> perLayer = new ArrayList<>(Math.max(0, layers));
            for (int l = 0; l < layers; l++) {
                int window = slidingWindow != NO_SLIDING_WINDOW && windowedLayers.test(l) ? slidingWindow : NO_SLIDING_WINDOW;
                RopeFrequencies f = rotaryStyle == RotaryStyle.NONE ? null : ropeOverrides.getOrDefault(l, rope);
                perLayer.add(new LayerAttention(window, f));
            }
            float scale = queryScale != null ? queryScale : headDim > 0 ? (float) (1.0 / Math.sqrt(headDim)) : 1f;
            return new DecoderConfig(family, architecture, dim, layers, heads, kvHeads, headDim, ffnDim, vocabSize,
                    contextLength, norm, normEps, mlp, activation, learnedPositions, rotaryStyle, rotaryDim, perLayer,
                    qkNorm, scale, attentionSoftCap, embeddingScale, postAttentionNorm, postMlpNorm, finalSoftCap);
        }
    }
}
