package org.tokenheatmap.engine.decoder;

import org.tokenheatmap.engine.model.DecoderConfig;
import java.util.Arrays;
import org.tokenheatmap.engine.hooks.HookPoint;
import org.tokenheatmap.engine.hooks.ResolvedHooks;
import org.tokenheatmap.engine.model.Numerics;
import org.tokenheatmap.engine.tensor.Q8Activations;

/**
 * Causal self-attention of one layer in which groups of query heads share one key/value head (GQA; MHA when equal),
 * with the optional parts a family may use: q/k/v/o biases (inside the {@link Linear}s), per-head RMS QK-norm, rotary,
 * attention-logit soft-cap and a sliding window.
 *
 * @param qNorm null unless the family normalises queries and keys per head (Qwen 3, Gemma 3)
 */
public record Attention(DecoderConfig config, int layer, Linear wq, Linear wk, Linear wv, Linear wo, RmsNorm qNorm,
                        RmsNorm kNorm) {

    /**
     * Multiply-adds per task below which heads run on one thread: handing a task to another core costs ~10 us, and
     * prefill runs two of these rounds per position and layer.
     */
    private static final int MIN_WORK_PER_TASK = 1 << 16;

    public long parameterCount() {
        long n = wq.parameterCount() + wk.parameterCount() + wv.parameterCount() + wo.parameterCount();
        return n + (qNorm == null ? 0 : qNorm.parameterCount() + kNorm.parameterCount());
    }

    /**
     * Attention for {@code batch} rows of normalised input {@code s.xb} at positions {@code start..start+batch-1};
     * writes the projected output to {@code s.attnOut} and adds this batch's keys and values to the cache.
     *
     * @param rotary this layer's rotary embedding, or null when the model has none
     */
    void apply(Scratch s, KvCache cache, Rotary rotary, int start, int batch, ResolvedHooks hooks) {
        DecoderConfig c = config;
        int qDim = c.qDim(), kvDim = c.kvDim(), hd = c.headDim();
        // q, k and v read the same input: one quantised copy serves all three (our quantiser gives them one type).
        Q8Activations xq = s.inputs.quantized(s.xb, batch, wq);
        wq.apply(s.xb, xq, s.q, batch);
        Linear.applyBoth(s.xb, xq, batch, wk, s.k, wv, s.v);
        for (int t = 0; t < batch; t++) {
            int pos = start + t, qAt = t * qDim, kvAt = t * kvDim;
            hooks.fireIfActive(HookPoint.Q, layer, pos, s.q, qAt, c.heads(), hd);
            hooks.fireIfActive(HookPoint.K, layer, pos, s.k, kvAt, c.kvHeads(), hd);
            hooks.fireIfActive(HookPoint.V, layer, pos, s.v, kvAt, c.kvHeads(), hd);
            if (qNorm != null) {
                // Rows of headDim: one normalisation per head.
                qNorm.applyAt(s.q, qAt, c.heads());
                kNorm.applyAt(s.k, kvAt, c.kvHeads());
            }
            if (rotary != null) {
                rotary.angles(pos, s.cos, s.sin);
                rotary.rotate(s.q, qAt, c.heads(), s.cos, s.sin);
                rotary.rotate(s.k, kvAt, c.kvHeads(), s.cos, s.sin);
            }
            hooks.fireIfActive(HookPoint.ROT_Q, layer, pos, s.q, qAt, c.heads(), hd);
            hooks.fireIfActive(HookPoint.ROT_K, layer, pos, s.k, kvAt, c.kvHeads(), hd);
            cache.store(layer, pos, s.k, kvAt, s.v, kvAt);
            // ggml multiplies an F16 cache with activations converted to F16 (the F16 vec_dot_type).
            if (s.numerics == Numerics.GGML_CPU) VectorMath.roundToHalf(s.q, qAt, qDim);
        }
        for (int t = 0; t < batch; t++) attendOnePosition(s, cache, start + t, t * qDim, hooks);
        wo.apply(s.z, s.inputs.quantized(s.z, batch, wo), s.attnOut, batch);
    }

    private void attendOnePosition(Scratch s, KvCache cache, int pos, int qOffset, ResolvedHooks hooks) {
        DecoderConfig c = config;
        // Rows always span keys 0..pos; keys before `first` (outside a sliding window) get -inf scores and weight 0.
        int keys = pos + 1, first = c.firstAttendedKey(layer, pos), hd = c.headDim();
        int minHeads = Math.max(1, MIN_WORK_PER_TASK / ((keys - first) * hd));
        boolean scoresHooked = hooks.active(HookPoint.ATTN_SCORES, layer);
        Parallel.forRange(c.heads(), minHeads, (from, to) -> {
            for (int h = from; h < to; h++) {
                scores(s, cache.keys(layer), h, first, keys, qOffset);
                if (!scoresHooked) softmax(s.att, h * keys, first, keys);
            }
        });
        if (scoresHooked) {
            hooks.fire(HookPoint.ATTN_SCORES, layer, pos, s.att, 0, c.heads(), keys);
            for (int h = 0; h < c.heads(); h++) softmax(s.att, h * keys, first, keys);
        }
        hooks.fireIfActive(HookPoint.PATTERN, layer, pos, s.att, 0, c.heads(), keys);
        Parallel.forRange(c.heads(), minHeads, (from, to) -> {
            for (int h = from; h < to; h++) weightedValues(s, cache.values(layer), h, first, keys, qOffset);
        });
        hooks.fireIfActive(HookPoint.Z, layer, pos, s.z, qOffset, c.heads(), hd);
    }

    /**
     * {@code s.att[h*keys + t]} = the scaled (and soft-capped) logit {@code q_h . k_t} for {@code t} in
     * {@code first..keys-1}, {@code -inf} before.
     */
    private void scores(Scratch s, float[] cachedKeys, int h, int first, int keys, int qOffset) {
        DecoderConfig c = config;
        int hd = c.headDim(), kvDim = c.kvDim();
        int kvOffset = (h / c.groupSize()) * hd;
        int row = h * keys;
        float scale = c.queryScale(), cap = c.attentionSoftCap();
        Arrays.fill(s.att, row, row + first, Float.NEGATIVE_INFINITY);
        for (int t = first; t < keys; t++) {
            float score = VectorMath.dot(s.q, qOffset + h * hd, cachedKeys, t * kvDim + kvOffset, hd) * scale;
            s.att[row + t] = cap > 0 ? Nonlinearities.softCap(score, cap) : score;
        }
    }

    /** Softmax over the attended keys of one row; masked keys get exactly 0. */
    private static void softmax(float[] att, int row, int first, int keys) {
        VectorMath.softmax(att, row + first, keys - first);
        Arrays.fill(att, row, row + first, 0f);
    }

    /** {@code z_h = sum_t att[h, t] * v_t} over the attended keys {@code first..keys-1}. */
    private void weightedValues(Scratch s, float[] cachedValues, int h, int first, int keys, int zOffset) {
        DecoderConfig c = config;
        int hd = c.headDim(), kvDim = c.kvDim();
        int kvOffset = (h / c.groupSize()) * hd;
        int out = zOffset + h * hd;
        Arrays.fill(s.z, out, out + hd, 0f);
        boolean halfWeights = s.numerics == Numerics.GGML_CPU;
        for (int t = first; t < keys; t++) {
            float weight = s.att[h * keys + t];
            if (halfWeights) weight = Float.float16ToFloat(Float.floatToFloat16(weight));
            VectorMath.axpy(weight, cachedValues, t * kvDim + kvOffset, s.z, out, hd);
        }
    }
}
