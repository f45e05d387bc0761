package org.tokenheatmap.formats.trace;

import java.util.List;

/**
 * How tokens were produced (trace.schema.json `generation`); mode is `generate` or `score`. A capture fills every
 * setting; an imported trace only mode, prompt and stop reason (the response does not say how it was sampled).
 *
 * @param chat the chat template rendering, when the prompt went through one (2.1.0; null otherwise)
 */
public record GenerationSettings(String mode, String prompt, Integer maxNewTokens, Double temperature, Integer topK,
                                 Double topP, Double minP, Long seed, List<String> stopStrings, ChatRendering chat,
                                 String stopReason) {

    /** Settings without a chat template. */
    public GenerationSettings(String mode, String prompt, Integer maxNewTokens, Double temperature, Integer topK,
                              Double topP, Double minP, Long seed, List<String> stopStrings, String stopReason) {
        this(mode, prompt, maxNewTokens, temperature, topK, topP, minP, seed, stopStrings, null, stopReason);
    }

    /** What an imported trace knows of its generation. */
    public static GenerationSettings imported(String mode, String prompt, String stopReason) {
        return new GenerationSettings(mode, prompt, null, null, null, null, null, null, null, null, stopReason);
    }

    /** trace.schema.json `generation.chat`: where the template came from and what it rendered. */
    public record ChatRendering(String templateSource, String renderedPrompt) {}
}
