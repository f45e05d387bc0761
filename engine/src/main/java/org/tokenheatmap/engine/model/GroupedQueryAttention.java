package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.ResolvedHooks;
import org.tokenheatmap.engine.tensor.Q8Activations;

/**
 * Causal multi-head attention in which groups of query heads share one key/value head (GQA; MHA when equal), limited
 * to the config's sliding window when it has one.
 */
public record GroupedQueryAttention(LlamaConfig config, Linear wq, Linear wk, Linear wv, Linear wo) {

    /**
     * Multiply-adds per task below which heads run on one thread: handing a task to another core costs ~10 us, and
     * prefill runs two of these rounds per position and layer.
     */
    private static final int MIN_WORK_PER_TASK = 1 << 16;

    /**
     * Attention for {@code batch} rows of normalised input {@code s.xb} at positions {@code start..start+batch-1};
     * writes the projected output to {@code s.attnOut} and adds this batch's keys and values to the cache.
     */
    void apply(LlamaScratch s, KvCache cache, RotaryEmbedding rope, int layer, int start, int batch, ResolvedHooks hooks) {
        LlamaConfig c = config;
        int qDim = c.dim(), kvDim = c.kvDim(), hd = c.headDim();
        // q, k and v read the same input: one quantised copy serves all three (our quantiser gives them one type).
        Q8Activations xq = s.inputs.quantized(s.xb, batch, wq);
        wq.apply(s.xb, xq, s.q, batch);
        Linear.applyBoth(s.xb, xq, batch, wk, s.k, wv, s.v);
        for (int t = 0; t < batch; t++) {
            int pos = start + t;
            rope.angles(pos, s.cos, s.sin);
            rope.rotate(s.q, t * qDim, c.nHeads(), s.cos, s.sin);
            rope.rotate(s.k, t * kvDim, c.nKvHeads(), s.cos, s.sin);
            if (hooks.any()) {
                if (hooks.active(HookPoint.Q, layer)) hooks.fire(HookPoint.Q, layer, pos, s.q, t * qDim, c.nHeads(), hd);
                if (hooks.active(HookPoint.K, layer)) hooks.fire(HookPoint.K, layer, pos, s.k, t * kvDim, c.nKvHeads(), hd);
                if (hooks.active(HookPoint.V, layer)) hooks.fire(HookPoint.V, layer, pos, s.v, t * kvDim, c.nKvHeads(), hd);
            }
            cache.store(layer, pos, s.k, t * kvDim, s.v, t * kvDim);
            // ggml multiplies an F16 cache with activations converted to F16 (the F16 vec_dot_type).
            if (s.numerics == Numerics.GGML_CPU) VectorMath.roundToHalf(s.q, t * qDim, qDim);
        }
        for (int t = 0; t < batch; t++) {
            attendOnePosition(s, cache, layer, start + t, t * qDim, hooks);
        }
        wo.apply(s.z, s.inputs.quantized(s.z, batch, wo), s.attnOut, batch);
    }

    private void attendOnePosition(LlamaScratch s, KvCache cache, int layer, int pos, int qOffset, ResolvedHooks hooks) {
        LlamaConfig c = config;
        // The pattern row always spans keys 0..pos; keys before `first` (outside a sliding window) keep weight 0.
        int keys = pos + 1, first = c.firstAttendedKey(pos), hd = c.headDim();
        int minHeads = Math.max(1, MIN_WORK_PER_TASK / ((keys - first) * hd));
        Parallel.forRange(c.nHeads(), minHeads, (from, to) -> {
            for (int h = from; h < to; h++) scores(s, cache.keys(layer), h, first, keys, qOffset);
        });
        if (hooks.active(HookPoint.PATTERN, layer)) {
            hooks.fire(HookPoint.PATTERN, layer, pos, s.att, 0, c.nHeads(), keys);
        }
        Parallel.forRange(c.nHeads(), minHeads, (from, to) -> {
            for (int h = from; h < to; h++) weightedValues(s, cache.values(layer), h, first, keys, qOffset);
        });
        if (hooks.active(HookPoint.Z, layer)) hooks.fire(HookPoint.Z, layer, pos, s.z, qOffset, c.nHeads(), hd);
    }

    /** {@code s.att[h*keys + t] = softmax_t(q_h . k_t / sqrt(hd))} for {@code t} in {@code first..keys-1}, else 0. */
    private void scores(LlamaScratch s, float[] cachedKeys, int h, int first, int keys, int qOffset) {
        int hd = config.headDim(), kvDim = config.kvDim();
        int kvOffset = (h / config.groupSize()) * hd;
        int row = h * keys;
        float scale = (float) (1.0 / Math.sqrt(hd));
        java.util.Arrays.fill(s.att, row, row + first, 0f);
        for (int t = first; t < keys; t++) {
            s.att[row + t] = VectorMath.dot(s.q, qOffset + h * hd, cachedKeys, t * kvDim + kvOffset, hd) * scale;
        }
        VectorMath.softmax(s.att, row + first, keys - first);
    }

    /** {@code z_h = sum_t att[h, t] * v_t} over the attended keys {@code first..keys-1}. */
    private void weightedValues(LlamaScratch s, float[] cachedValues, int h, int first, int keys, int zOffset) {
        int hd = config.headDim(), kvDim = config.kvDim();
        int kvOffset = (h / config.groupSize()) * hd;
        int out = zOffset + h * hd;
        java.util.Arrays.fill(s.z, out, out + hd, 0f);
        boolean halfWeights = s.numerics == Numerics.GGML_CPU;
        for (int t = first; t < keys; t++) {
            float weight = s.att[h * keys + t];
            if (halfWeights) weight = Float.float16ToFloat(Float.floatToFloat16(weight));
            VectorMath.axpy(weight, cachedValues, t * kvDim + kvOffset, s.z, out, hd);
        }
    }
}
