package org.tokenheatmap.engine.decoder;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.hooks.ResolvedHooks;
import org.tokenheatmap.engine.model.ContextLimitException;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.model.LogitsSink;
import org.tokenheatmap.engine.model.Numerics;

/**
 * The one forward pass of every family: token (and learned position) embedding, pre-norm blocks of attention and MLP
 * with optional post-norms, final norm, classifier with optional soft-cap. What differs between families is only in
 * the {@link DecoderConfig} and the weights; there is no family branch here. Stateless; state lives in
 * {@link InferenceSession}s.
 */
public final class Decoder implements LanguageModel {

    /** Prompt positions processed per batch; bounds scratch memory. */
    static final int PREFILL_BATCH = 32;

    private final DecoderConfig config;
    private final DecoderWeights weights;
    /** Per layer (layers may differ in rotary base); null entries without rotary. */
    private final Rotary[] rotaries;
    private final Set<HookPoint> hookPoints;

    public Decoder(DecoderConfig config, DecoderWeights weights) {
        this.config = config;
        this.weights = weights;
        this.rotaries = new Rotary[config.layers()];
        java.util.Map<DecoderConfig.RopeFrequencies, Rotary> shared = new java.util.HashMap<>();
        for (int l = 0; l < config.layers(); l++) {
            DecoderConfig.RopeFrequencies f = config.layerAttention().get(l).rope();
            if (f != null) {
                rotaries[l] = shared.computeIfAbsent(f, k -> new Rotary(config.rotaryStyle(), config.headDim(), config.rotaryDim(), k));
            }
        }
        EnumSet<HookPoint> points = EnumSet.allOf(HookPoint.class);
        if (!config.learnedPositions()) points.remove(HookPoint.POS_EMBED);
        if (!config.hasRotary()) points.removeAll(EnumSet.of(HookPoint.ROT_Q, HookPoint.ROT_K));
        if (config.mlp() != DecoderConfig.MlpKind.GATED) points.remove(HookPoint.MLP_PRE_LINEAR);
        this.hookPoints = java.util.Collections.unmodifiableSet(points);
    }

    @Override
    public DecoderConfig config() {
        return config;
    }

    public DecoderWeights weights() {
        return weights;
    }

    @Override
    public Set<HookPoint> hookPoints() {
        return hookPoints;
    }

    @Override
    public long parameterCount() {
        return weights.parameterCount();
    }

    @Override
    public boolean tiedOutput() {
        return weights.tiedOutput();
    }

    @Override
    public InferenceSession newSession(int capacity, Hooks hooks, Numerics numerics) {
        if (capacity <= 0 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("session capacity " + capacity + " must be in 1.." + config.contextLength());
        }
        return new Session(capacity, hooks.resolve(config.layers(), hookPoints, config.family()), Objects.requireNonNull(numerics));
    }

    /**
     * Runs {@code batch} tokens at positions {@code start..}; when {@code sink} is null only the last position's logits
     * are computed (into {@code s.logits[0..vocab)}, and only for the last batch of a prompt), unless a final-norm or
     * logits hook asks for every position.
     */
    private void forward(Scratch s, KvCache cache, ResolvedHooks hooks, int[] tokens, int tokenOffset, int start,
                         int batch, boolean lastBatch, LogitsSink sink) {
        embed(s, hooks, tokens, tokenOffset, start, batch);
        int dim = config.dim();
        for (int layer = 0; layer < config.layers(); layer++) {
            DecoderWeights.Block block = weights.blocks().get(layer);
            fireRows(hooks, HookPoint.RESID_PRE, layer, start, batch, s.x, dim);
            block.attentionNorm().apply(s.x, s.xb, batch);
            fireRows(hooks, HookPoint.LN1_NORMALIZED, layer, start, batch, s.xb, dim);
            block.attention().apply(s, cache, rotaries[layer], start, batch, hooks);
            if (block.postAttentionNorm() != null) block.postAttentionNorm().apply(s.attnOut, s.attnOut, batch);
            fireRows(hooks, HookPoint.ATTN_OUT, layer, start, batch, s.attnOut, dim);
            VectorMath.add(s.x, s.attnOut, s.x, batch * dim);
            fireRows(hooks, HookPoint.RESID_MID, layer, start, batch, s.x, dim);
            block.mlpNorm().apply(s.x, s.xb, batch);
            fireRows(hooks, HookPoint.LN2_NORMALIZED, layer, start, batch, s.xb, dim);
            block.mlp().apply(s, layer, start, batch, hooks);
            if (block.postMlpNorm() != null) block.postMlpNorm().apply(s.mlpOut, s.mlpOut, batch);
            fireRows(hooks, HookPoint.MLP_OUT, layer, start, batch, s.mlpOut, dim);
            VectorMath.add(s.x, s.mlpOut, s.x, batch * dim);
            fireRows(hooks, HookPoint.RESID_POST, layer, start, batch, s.x, dim);
        }
        boolean everyPosition = sink != null || hooks.active(HookPoint.LN_FINAL, 0) || hooks.active(HookPoint.LOGITS, 0);
        if (!everyPosition && !lastBatch) return;
        int first = everyPosition ? 0 : batch - 1;
        int rows = batch - first;
        if (first > 0) System.arraycopy(s.x, first * dim, s.x, 0, dim);
        weights.outputNorm().apply(s.x, s.xb, rows);
        fireRows(hooks, HookPoint.LN_FINAL, 0, start + first, rows, s.xb, dim);
        weights.output().apply(s.xb, s.inputs.quantized(s.xb, rows, weights.output()), s.logits, rows);
        int vocab = config.vocabSize();
        float cap = config.finalSoftCap();
        if (cap > 0) {
            for (int i = 0; i < rows * vocab; i++) s.logits[i] = Nonlinearities.softCap(s.logits[i], cap);
        }
        fireRows(hooks, HookPoint.LOGITS, 0, start + first, rows, s.logits, vocab);
        if (sink != null) {
            for (int r = 0; r < rows; r++) sink.accept(start + first + r, s.logits, r * vocab);
        } else if (rows > 1) {
            System.arraycopy(s.logits, (rows - 1) * vocab, s.logits, 0, vocab);
        }
    }

    /** {@code s.x} rows = scaled token embedding (+ learned position embedding). */
    private void embed(Scratch s, ResolvedHooks hooks, int[] tokens, int tokenOffset, int start, int batch) {
        int dim = config.dim();
        float scale = config.embeddingScale();
        for (int t = 0; t < batch; t++) {
            int token = tokens[tokenOffset + t];
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " outside vocabulary 0.." + (config.vocabSize() - 1));
            }
            int at = t * dim;
            weights.tokenEmbedding().copyRow(token, dim, s.embeddingRow);
            if (scale != 1f) {
                for (int i = 0; i < dim; i++) s.embeddingRow[i] *= scale;
            }
            System.arraycopy(s.embeddingRow, 0, s.x, at, dim);
            hooks.fireIfActive(HookPoint.EMBED, 0, start + t, s.x, at, dim);
            if (weights.positionEmbedding() != null) {
                weights.positionEmbedding().copyRow(start + t, dim, s.embeddingRow);
                hooks.fireIfActive(HookPoint.POS_EMBED, 0, start + t, s.embeddingRow, 0, dim);
                for (int i = 0; i < dim; i++) s.x[at + i] += s.embeddingRow[i];
            }
        }
    }

    /** Fires {@code point} once per position for {@code batch} rows of {@code width} values. */
    static void fireRows(ResolvedHooks hooks, HookPoint point, int layer, int start, int batch, float[] rows, int width) {
        if (!hooks.active(point, layer)) return;
        for (int t = 0; t < batch; t++) hooks.fire(point, layer, start + t, rows, t * width, width);
    }

    private final class Session implements InferenceSession {
        private final int capacity;
        private final ResolvedHooks hooks;
        private final KvCache cache;
        private final Scratch scratch;
        private final float[] lastLogits;
        private final int[] single = new int[1];
        private int position;

        Session(int capacity, ResolvedHooks hooks, Numerics numerics) {
            this.capacity = capacity;
            this.hooks = hooks;
            this.cache = new KvCache(config.layers(), capacity, config.kvDim(), numerics == Numerics.GGML_CPU);
            this.scratch = new Scratch(config, Math.min(PREFILL_BATCH, capacity), capacity, numerics);
            this.lastLogits = new float[config.vocabSize()];
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public int vocabSize() {
            return config.vocabSize();
        }

        @Override
        public float[] prefill(int[] tokens) {
            run(tokens, null);
            return lastLogits;
        }

        @Override
        public void prefill(int[] tokens, LogitsSink sink) {
            run(tokens, Objects.requireNonNull(sink));
        }

        @Override
        public float[] decode(int token) {
            single[0] = token;
            return prefill(single);
        }

        private void run(int[] tokens, LogitsSink sink) {
            if (tokens.length == 0) throw new IllegalArgumentException("no tokens to run");
            if (position + tokens.length > capacity) {
                throw new ContextLimitException(position, tokens.length, capacity, config.contextLength());
            }
            for (int done = 0; done < tokens.length; ) {
                int batch = Math.min(scratch.maxBatch, tokens.length - done);
                forward(scratch, cache, hooks, tokens, done, position, batch, done + batch == tokens.length, sink);
                position += batch;
                done += batch;
            }
            if (sink == null) System.arraycopy(scratch.logits, 0, lastLogits, 0, config.vocabSize());
        }

        @Override
        public void rewind(int newPosition) {
            if (newPosition < 0 || newPosition > position) {
                throw new IllegalArgumentException("cannot rewind to " + newPosition + " from " + position);
            }
            position = newPosition;
        }
    }
}
