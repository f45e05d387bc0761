package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.hooks.ResolvedHooks;

/**
 * Llama-family decoder (Llama 2/3/3.x, Mistral, TinyStories, SmolLM): pre-norm blocks of GQA attention and SwiGLU MLP,
 * final RMSNorm, linear classifier. Stateless; state lives in {@link InferenceSession}s.
 */
public final class LlamaModel implements LanguageModel {

    /** Prompt positions processed per batch; bounds scratch memory. */
    static final int PREFILL_BATCH = 32;

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RotaryEmbedding rope;

    public LlamaModel(LlamaConfig config, LlamaWeights weights) {
        this.config = config;
        this.weights = weights;
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeDim(), config.ropeTheta(), config.ropeScaling());
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    @Override
    public String architecture() {
        return config.architecture();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public long parameterCount() {
        return weights.parameterCount();
    }

    @Override
    public InferenceSession newSession(int capacity, Hooks hooks) {
        return newSession(capacity, hooks, Numerics.EXACT);
    }

    @Override
    public InferenceSession newSession(int capacity, Hooks hooks, Numerics numerics) {
        if (capacity <= 0 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("session capacity " + capacity + " must be in 1.." + config.contextLength());
        }
        return new Session(capacity, hooks.resolve(config.nLayers()), java.util.Objects.requireNonNull(numerics));
    }

    /**
     * Runs {@code batch} tokens at positions {@code start..}; when {@code sink} is null only the last position's logits
     * are computed (into {@code s.logits[0..vocab)}, and only for the last batch of a prompt), unless a final-norm or
     * logits hook asks for every position.
     */
    private void forward(LlamaScratch s, KvCache cache, ResolvedHooks hooks, int[] tokens, int tokenOffset, int start,
                         int batch, boolean lastBatch, LogitsSink sink) {
        int dim = config.dim();
        for (int t = 0; t < batch; t++) {
            int token = tokens[tokenOffset + t];
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " outside vocabulary 0.." + (config.vocabSize() - 1));
            }
            weights.tokenEmbedding().copyRow(token, dim, s.embeddingRow);
            System.arraycopy(s.embeddingRow, 0, s.x, t * dim, dim);
            if (hooks.active(HookPoint.EMBED, 0)) hooks.fire(HookPoint.EMBED, 0, start + t, s.x, t * dim, dim);
        }
        for (int layer = 0; layer < config.nLayers(); layer++) {
            LlamaWeights.Block block = weights.blocks().get(layer);
            fireRows(hooks, HookPoint.RESID_PRE, layer, start, batch, s.x);
            block.attentionNorm().apply(s.x, s.xb, batch);
            block.attention().apply(s, cache, rope, layer, start, batch, hooks);
            fireRows(hooks, HookPoint.ATTN_OUT, layer, start, batch, s.attnOut);
            VectorMath.add(s.x, s.attnOut, s.x, batch * dim);
            fireRows(hooks, HookPoint.RESID_MID, layer, start, batch, s.x);
            block.mlpNorm().apply(s.x, s.xb, batch);
            block.mlp().apply(s.xb, s.gated, s.up, s.mlpOut, batch, s.inputs);
            fireRows(hooks, HookPoint.MLP_OUT, layer, start, batch, s.mlpOut);
            VectorMath.add(s.x, s.mlpOut, s.x, batch * dim);
            fireRows(hooks, HookPoint.RESID_POST, layer, start, batch, s.x);
        }
        boolean everyPosition = sink != null || hooks.active(HookPoint.LN_FINAL, 0) || hooks.active(HookPoint.LOGITS, 0);
        if (!everyPosition && !lastBatch) return;
        int first = everyPosition ? 0 : batch - 1;
        int rows = batch - first;
        if (first > 0) System.arraycopy(s.x, first * dim, s.x, 0, dim);
        weights.outputNorm().apply(s.x, s.xb, rows);
        fireRows(hooks, HookPoint.LN_FINAL, 0, start + first, rows, s.xb);
        weights.output().apply(s.xb, s.inputs.quantized(s.xb, rows, weights.output()), s.logits, rows);
        int vocab = config.vocabSize();
        if (hooks.active(HookPoint.LOGITS, 0)) {
            for (int r = 0; r < rows; r++) hooks.fire(HookPoint.LOGITS, 0, start + first + r, s.logits, r * vocab, vocab);
        }
        if (sink != null) {
            for (int r = 0; r < rows; r++) sink.accept(start + first + r, s.logits, r * vocab);
        } else if (rows > 1) {
            System.arraycopy(s.logits, (rows - 1) * vocab, s.logits, 0, vocab);
        }
    }

    private void fireRows(ResolvedHooks hooks, HookPoint point, int layer, int start, int batch, float[] rows) {
        if (!hooks.active(point, layer)) return;
        int dim = config.dim();
        for (int t = 0; t < batch; t++) hooks.fire(point, layer, start + t, rows, t * dim, dim);
    }

    private final class Session implements InferenceSession {
        private final int capacity;
        private final ResolvedHooks hooks;
        private final KvCache cache;
        private final LlamaScratch scratch;
        private final float[] lastLogits;
        private final int[] single = new int[1];
        private int position;

        Session(int capacity, ResolvedHooks hooks, Numerics numerics) {
            this.capacity = capacity;
            this.hooks = hooks;
            this.cache = new KvCache(config.nLayers(), capacity, config.kvDim(), numerics == Numerics.GGML_CPU);
            this.scratch = new LlamaScratch(config, Math.min(PREFILL_BATCH, capacity), capacity, numerics);
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
            run(tokens, java.util.Objects.requireNonNull(sink));
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
