package org.tokenheatmap.formats.trace;

import java.util.List;

/**
 * How tokens were produced (trace.schema.json `generation`); mode is `generate` or `score`.
 *
 * @param chat the chat template rendering, when the prompt went through one (2.1.0; null otherwise)
 */
public record GenerationSettings(String mode, String prompt, int maxNewTokens, double temperature, int topK,
                                 double topP, Double minP, long seed, List<String> stopStrings, ChatRendering chat,
                                 String stopReason) {

    /** Settings without a chat template. */
    public GenerationSettings(String mode, String prompt, int maxNewTokens, double temperature, int topK, double topP,
                              Double minP, long seed, List<String> stopStrings, String stopReason) {
        this(mode, prompt, maxNewTokens, temperature, topK, topP, minP, seed, stopStrings, null, stopReason);
    }

    /** trace.schema.json `generation.chat`: where the template came from and what it rendered. */
    public record ChatRendering(String templateSource, String renderedPrompt) {}
}
