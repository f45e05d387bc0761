package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * Where an imported trace came from (trace.schema.json 2.1.0 `source`) and what its API could not give. Every
 * step's entropy is then a lower bound from the listed alternatives, and its rank known only within them.
 *
 * @param provider     the response format read, e.g. {@code openai-chat}
 * @param model        the model as the response names it, or null
 * @param file         file name of the imported response
 * @param finishReason the API's own finish reason, or null
 * @param tokenIds     {@link #PROVIDER_IDS} or {@link #RUN_LOCAL_IDS}
 * @param topLogprobs  most alternatives listed at any position
 */
public record ApiSource(String kind, String provider, @JsonInclude(Include.ALWAYS) String model, String file,
                        String fileSha256, @JsonInclude(Include.ALWAYS) String finishReason, String tokenIds,
                        int topLogprobs, String entropy, String rank, List<String> unavailable) {

    public static final String PROVIDER_IDS = "provider";
    public static final String RUN_LOCAL_IDS = "run_local";

    public ApiSource {
        unavailable = List.copyOf(unavailable);
    }

    public static ApiSource of(String provider, String model, String file, String fileSha256, String finishReason,
                               String tokenIds, int topLogprobs, List<String> unavailable) {
        return new ApiSource("api", provider, model, file, fileSha256, finishReason, tokenIds, topLogprobs,
                "lower_bound_from_top_k", "within_top_k", unavailable);
    }
}
