package org.tokenheatmap.formats.trace;

import java.util.List;

/**
 * How tokens were produced (trace.schema.json `generation`); mode is `generate` or `score`. A capture fills every
 * setting; an imported trace only mode, prompt and stop reason (the response does not say how it was sampled).
 */
public record GenerationSettings(String mode, String prompt, Integer maxNewTokens, Double temperature, Integer topK,
                                 Double topP, Double minP, Long seed, List<String> stopStrings, String stopReason) {

    /** What an imported trace knows of its generation. */
    public static GenerationSettings imported(String mode, String prompt, String stopReason) {
        return new GenerationSettings(mode, prompt, null, null, null, null, null, null, null, stopReason);
    }
}
