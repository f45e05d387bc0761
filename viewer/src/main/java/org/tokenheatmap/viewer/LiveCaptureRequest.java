package org.tokenheatmap.viewer;

import io.javalin.http.Context;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.engine.generate.SamplingOptions;

import java.util.Set;

/**
 * A checked {@code POST /api/capture/start} body. The model is a name from the server's list, never a client path.
 *
 * @param fullSidecars Tier 2 sidecars of the enabled probes (attention weights, activation vectors)
 * @param qkv          Q, K, V into the attention sidecars (needs attention and full sidecars)
 */
record LiveCaptureRequest(String model, String prompt, int maxNewTokens, double temperature, int topK, double topP, long seed,
                          boolean attention, boolean activations, boolean fullSidecars, boolean qkv) {
    static final int MAX_NEW_TOKENS = 4096;
    static final int MAX_PROMPT_CHARS = 16_384;
    private static final Set<String> FIELDS = Set.of("model", "prompt", "max_new_tokens", "temperature", "top_k", "top_p",
            "seed", "attention", "activations", "full_sidecars", "qkv");

    static LiveCaptureRequest parse(Context ctx, Set<String> models) {
        JsonBody body = JsonBody.of(ctx, FIELDS);
        String model = body.string("model", 256);
        if (!models.contains(model)) throw new IllegalArgumentException("unknown model '" + model + "' (this server offers " + models + ")");
        LiveCaptureRequest r = new LiveCaptureRequest(model, body.string("prompt", MAX_PROMPT_CHARS),
                body.integer("max_new_tokens", 64, 1, MAX_NEW_TOKENS), body.number("temperature", 0, 0, 100),
                body.integer("top_k", 0, 0, 1_000_000), body.number("top_p", 1, Double.MIN_VALUE, 1),
                body.longInteger("seed", 0), body.bool("attention", true), body.bool("activations", true),
                body.bool("full_sidecars", false), body.bool("qkv", false));
        if (r.qkv && !(r.attention && r.fullSidecars)) throw new IllegalArgumentException("'qkv' needs 'attention' and 'full_sidecars'");
        if (r.fullSidecars && !r.attention && !r.activations) throw new IllegalArgumentException("'full_sidecars' needs 'attention' or 'activations'");
        return r;
    }

    CaptureOptions options() {
        return CaptureOptions.generate(prompt).maxNewTokens(maxNewTokens)
                .sampling(new SamplingOptions((float) temperature, topK, (float) topP, 0f, seed))
                .attention(attention).fullAttention(attention && fullSidecars).qkv(qkv)
                .activations(activations).fullActivations(activations && fullSidecars).build();
    }
}
