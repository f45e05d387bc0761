package org.tokenheatmap.formats.trace;

import java.util.List;

/** How tokens were produced (trace.schema.json `generation`); mode is `generate` or `score`. */
public record GenerationSettings(String mode, String prompt, int maxNewTokens, double temperature, int topK,
                                 double topP, Double minP, long seed, List<String> stopStrings, String stopReason) {}
