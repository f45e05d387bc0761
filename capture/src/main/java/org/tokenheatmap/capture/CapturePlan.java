package org.tokenheatmap.capture;

import java.util.List;
import java.util.Optional;
import org.tokenheatmap.engine.chat.ChatPrompt;
import org.tokenheatmap.engine.chat.ChatTemplate;
import org.tokenheatmap.engine.tokenizer.SpecialTokens;
import org.tokenheatmap.engine.tokenizer.Tokenizer;

/**
 * A capture ready to run: the text tokenized into prompt tokens and (score mode) the tokens to score, the layers
 * resolved, the number of steps it can take and what its output will weigh.
 *
 * @param prompt      tokens fed before step 0 (generate: the prompt with BOS; score: just BOS)
 * @param scored      score mode's steps (empty in generate mode)
 * @param maxSteps    most steps: max new tokens (generate) or scored tokens, both cut at the context length
 * @param chat        with {@code --chat}: the rendered prompt (its ids are {@code prompt}) and which tokens are the template's
 */
public record CapturePlan(CaptureModel model, CaptureOptions options, int[] prompt, int[] scored, List<Integer> layers,
                          int maxSteps, boolean cutByContext, OutputEstimate estimate, Optional<ChatPrompt> chat) {

    public static CapturePlan of(CaptureModel model, CaptureOptions options) {
        Tokenizer tokenizer = model.tokenizer();
        int[] prompt, scored;
        Optional<ChatPrompt> chat = Optional.empty();
        if (options.chat()) {
            chat = Optional.of(ChatPrompt.of(ChatTemplate.require(model.loaded()), tokenizer, options.text()));
            prompt = chat.get().ids();
            scored = new int[0];
        } else if (options.mode() == CaptureOptions.Mode.GENERATE) {
            prompt = tokenizer.encode(options.text(), true, false);
            scored = new int[0];
            if (prompt.length == 0) throw new IllegalArgumentException("the prompt is empty and the tokenizer adds no BOS; give a prompt");
        } else {
            int[] text = tokenizer.encode(options.text(), false, false);
            int bos = tokenizer.vocabulary().special().bos();
            // Nothing predicts the first token; without a BOS the text's own first token has to be the prompt.
            if (bos != SpecialTokens.NONE) {
                prompt = new int[] {bos};
                scored = text;
            } else {
                if (text.length < 2) throw new IllegalArgumentException("the text to score has fewer than two tokens and the tokenizer has no BOS");
                prompt = new int[] {text[0]};
                scored = java.util.Arrays.copyOfRange(text, 1, text.length);
            }
            if (scored.length == 0) throw new IllegalArgumentException("the text to score has no tokens");
        }
        int context = model.loaded().model().contextLength();
        if (prompt.length >= context) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the model's context holds " + context);
        }
        int wanted = options.mode() == CaptureOptions.Mode.GENERATE ? options.maxNewTokens() : scored.length;
        // Step i's forward pass runs at position prompt.length - 1 + i, so the context allows context - prompt + 1 steps.
        int room = context - prompt.length + 1;
        int maxSteps = Math.min(wanted, room);
        List<Integer> layers = options.layers().resolve(model.config().layers());
        int probed = options.attention() || options.activations() ? layers.size() : 0;
        OutputEstimate estimate = OutputEstimate.of(model, options, prompt.length, maxSteps, probed);
        return new CapturePlan(model, options, prompt, scored, layers, maxSteps, maxSteps < wanted, estimate, chat);
    }

    /** Refuses a capture whose estimated output is above {@code maxBytes}. */
    public void requireOutputWithin(long maxBytes) {
        if (estimate.total() > maxBytes) {
            throw new IllegalArgumentException(estimate.describe() + " is above --max-output-size "
                    + OutputEstimate.human(maxBytes) + "; lower --max-new-tokens, select fewer --layers / --submodules,"
                    + " drop the --capture-full-* options, or pass --force");
        }
    }
}
