package org.tokenheatmap.importer;

import java.util.List;

/**
 * What a response file says, whatever its format.
 *
 * @param provider     the format read, e.g. {@code openai-chat}
 * @param model        the model as the response names it, or null
 * @param finishReason the API's own finish reason, or null
 * @param prompt       the prompt text when the response carries it, else null
 * @param echoed       the echoed prompt's tokens (legacy completions with {@code echo}), else empty
 * @param tokens       the completion's tokens
 * @param text         the completion text the response states beside its logprobs (e.g. {@code message.content}),
 *                     with an echoed prompt in front when it is echoed; null when it states none
 * @param textPlace    where {@code text} is in the file
 */
record ApiResponse(ApiFormat provider, String model, String finishReason, String prompt, List<ApiToken> echoed,
                   List<ApiToken> tokens, String text, String textPlace) {

    ApiResponse {
        echoed = List.copyOf(echoed);
        tokens = List.copyOf(tokens);
    }
}
