package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** Totals of a trace, written after its steps. Means are null when there are no steps. */
public record Summary(int numPromptTokens, int numSteps, @JsonInclude(Include.ALWAYS) Double meanLogprob,
                      @JsonInclude(Include.ALWAYS) Double perplexity, @JsonInclude(Include.ALWAYS) Double meanEntropy,
                      @JsonInclude(Include.ALWAYS) Double tokensPerSecond, Double prefillMs, Double decodeMs,
                      Double totalMs, String generatedText) {}
