package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/** A prompt token with its teacher-forced scores (null at position 0, which nothing predicts). */
public record PromptToken(int position, int tokenId, String text, @JsonInclude(Include.ALWAYS) Double logprob,
                          @JsonInclude(Include.ALWAYS) Double entropy, @JsonInclude(Include.ALWAYS) Integer rank,
                          List<Alternative> topK) {}
