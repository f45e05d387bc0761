package org.tokenheatmap.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.engine.chat.ChatPrompt;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.tokenizer.StreamingDecoder;
import org.tokenheatmap.engine.tokenizer.TokenPiece;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.SidecarKind;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.ActivationTraceWriter;
import org.tokenheatmap.formats.trace.Alternative;
import org.tokenheatmap.formats.trace.PromptToken;
import org.tokenheatmap.formats.trace.Step;

/**
 * Turns each position's logits and probe captures into trace records: teacher-forced prompt tokens, then steps with
 * their activation entries and sidecars. Steps are kept for trace.json (its header names the stop reason, known only
 * at the end); activation steps and sidecars go to the {@link BackgroundWriter} as they are made.
 */
final class StepRecorder {
    static final String ATTENTION_DIR = "attention";
    static final String ACTIVATIONS_DIR = "activations";

    private final Path staging;
    private final int vocab;
    private final DecoderConfig config;
    private final TokenStats stats;
    private final PieceTexts texts;
    private final StreamingDecoder decoder;
    private final AttentionProbe attention;
    private final ActivationProbe activations;
    private final ActivationTraceWriter activationWriter;
    private final BackgroundWriter background;
    private final List<PromptToken> promptTokens = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final int promptCodePoints;
    private final int promptChars;
    private final boolean watchesStopStrings;
    private final boolean[] chatTemplateTokens;
    private int textBeforeLastStep;

    StepRecorder(Path staging, CapturePlan plan, AttentionProbe attention, ActivationProbe activations,
                 ActivationTraceWriter activationWriter, BackgroundWriter background) {
        this.staging = staging;
        this.background = background;
        this.config = plan.model().config();
        this.vocab = config.vocabSize();
        this.stats = new TokenStats(plan.options().topAlternatives());
        this.texts = new PieceTexts(plan.model().tokenizer());
        this.decoder = plan.model().tokenizer().decoder(false);
        this.attention = attention;
        this.activations = activations;
        this.activationWriter = activationWriter;
        this.watchesStopStrings = !plan.options().stopStrings().isEmpty();
        this.chatTemplateTokens = plan.chat().map(ChatPrompt::fromTemplate).orElse(null);
        for (int p = 0; p < plan.prompt().length; p++) {
            TokenPiece piece = decoder.append(plan.prompt()[p]);
            if (p == 0) promptTokens.add(new PromptToken(0, plan.prompt()[0], piece.piece(), null, null, null, null, fromTemplate(0)));
            else promptTokens.add(null); // scored when the logits of position p - 1 arrive
        }
        // Offsets count from the start of the steps' text, which follows the prompt's text.
        this.promptCodePoints = decoder.codePointLength();
        this.promptChars = decoder.text().length();
    }

    /** Whether prompt token {@code p} is the chat template's (null without {@code --chat}). */
    private Boolean fromTemplate(int p) {
        return chatTemplateTokens == null ? null : chatTemplateTokens[p];
    }

    /** Records the teacher-forced score of prompt token {@code position + 1} from the logits at {@code position}. */
    void promptToken(int position, int token, float[] logits, int offset) {
        stats.analyse(logits, offset, vocab);
        int p = position + 1;
        promptTokens.set(p, new PromptToken(p, token, texts.of(token), stats.logprob(token), stats.entropy(),
                stats.rank(token, vocab), alternatives(), fromTemplate(p)));
    }

    /** Records step {@code step}: token {@code token} chosen from (or scored against) the logits at {@code position}. */
    Step step(int step, int position, int token, float[] logits, int offset) {
        stats.analyse(logits, offset, vocab);
        double logprob = stats.logprob(token);
        if (watchesStopStrings) textBeforeLastStep = decoder.text().length();
        TokenPiece piece = decoder.append(token);
        int textOffset = Math.max(0, piece.offset() - promptCodePoints);
        String attentionRef = null;
        AttentionProbe.Captured att = attention == null ? null : attention.take(position);
        if (att != null && att.sidecarLayers() != null) {
            attentionRef = sidecarName(ATTENTION_DIR, step);
            write(attentionRef, new AttentionSidecar(SidecarKind.ATTENTION.currentVersion(), step, config.heads(),
                    config.kvHeads(), config.headDim(), att.sidecarLayers()));
        }
        if (activations != null) {
            ActivationProbe.Captured act = activations.take(position);
            String ref = null;
            if (act.sidecarLayers() != null) {
                ref = sidecarName(ACTIVATIONS_DIR, step);
                write(ref, new ActivationSidecar(SidecarKind.ACTIVATION.currentVersion(), step, config.layers(), config.dim(),
                        activations.submodules().stream().map(Submodule::id).toList(), activations.layers(), act.sidecarLayers()));
            }
            ActivationStep record = new ActivationStep(step, token, textOffset, act.entries(), ref);
            background.ordered(() -> activationWriter.write(record));
        }
        Step s = new Step(step, token, piece.piece(), textOffset, logprob, Math.min(1.0, Math.exp(logprob)), stats.entropy(),
                stats.rank(token, vocab), alternatives(), att == null ? null : att.summaries(), attentionRef, null);
        steps.add(s);
        return s;
    }

    /** Sets the forward-pass time of the latest step. */
    void timeLastStep(double millis) {
        timeSteps(steps.size() - 1, millis);
    }

    /** Sets {@code time_ms} of every step from {@code fromStep} on to {@code millisEach}. */
    void timeSteps(int fromStep, double millisEach) {
        for (int i = fromStep; i < steps.size(); i++) {
            Step s = steps.get(i);
            steps.set(i, new Step(s.step(), s.tokenId(), s.text(), s.decodedTextOffset(), s.logprob(), s.prob(),
                    s.entropy(), s.rank(), s.topK(), s.attention(), s.attentionSidecarRef(), millisEach));
        }
    }

    List<PromptToken> promptTokens() {
        return promptTokens;
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * Whether the latest step's text completed one of {@code stops} in the steps' text (the prompt's text does not
     * count). Only the tail that this step could have completed is searched.
     */
    boolean completesStopString(List<String> stops) {
        String text = decoder.text();
        for (String stop : stops) {
            int from = Math.max(promptChars, textBeforeLastStep - stop.length() + 1);
            if (text.indexOf(stop, from) >= 0) return true;
        }
        return false;
    }

    /** The concatenated decoded text of all steps (what {@code decoded_text_offset} indexes). */
    String generatedText() {
        return decoder.finish().text().substring(promptChars);
    }

    private List<Alternative> alternatives() {
        List<Alternative> out = new ArrayList<>(stats.topCount());
        for (int r = 0; r < stats.topCount(); r++) {
            int id = stats.topId(r);
            out.add(new Alternative(id, texts.of(id), stats.logprob(id)));
        }
        return out;
    }

    private static String sidecarName(String dir, int step) {
        String digits = Integer.toString(step); // "%06d" without Formatter's parsing on every step
        return dir + "/step_" + "0".repeat(Math.max(0, 6 - digits.length())) + digits + ".npz";
    }

    private void write(String ref, Sidecar sidecar) {
        background.sidecar(staging.resolve(ref), sidecar);
    }
}
