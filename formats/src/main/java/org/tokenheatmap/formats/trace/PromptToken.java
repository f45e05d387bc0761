package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * A prompt token with its teacher-forced scores (null at position 0, which nothing predicts).
 *
 * @param fromTemplate chat captures only (2.1.0): whether the token is the chat template's rather than the user's
 *                     text; null without a chat template
 */
public record PromptToken(int position, int tokenId, String text, @JsonInclude(Include.ALWAYS) Double logprob,
                          @JsonInclude(Include.ALWAYS) Double entropy, @JsonInclude(Include.ALWAYS) Integer rank,
                          List<Alternative> topK, Boolean fromTemplate) {

    public PromptToken(int position, int tokenId, String text, Double logprob, Double entropy, Integer rank,
                       List<Alternative> topK) {
        this(position, tokenId, text, logprob, entropy, rank, topK, null);
    }
}
