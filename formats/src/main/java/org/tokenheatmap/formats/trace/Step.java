package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/** One generated (or scored) token of the main trace; `step` equals its index in `steps`. */
public record Step(int step, int tokenId, String text, int decodedTextOffset, double logprob, double prob,
                   double entropy, int rank, List<Alternative> topK, List<LayerAttention> attention,
                   @JsonInclude(Include.ALWAYS) String attentionSidecarRef, Double timeMs) implements IndexedStep {}
