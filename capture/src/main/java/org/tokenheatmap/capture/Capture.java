package org.tokenheatmap.capture;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.tokenheatmap.engine.generate.Sampler;
import org.tokenheatmap.engine.hooks.Hooks;
import org.tokenheatmap.engine.model.InferenceSession;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.formats.trace.ActivationHeader;
import org.tokenheatmap.formats.trace.ActivationMetadata;
import org.tokenheatmap.formats.trace.ActivationTraceWriter;
import org.tokenheatmap.formats.trace.AttentionMetadata;
import org.tokenheatmap.formats.trace.CaptureSettings;
import org.tokenheatmap.formats.trace.GenerationSettings;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;
import org.tokenheatmap.formats.trace.TraceHeader;
import org.tokenheatmap.formats.trace.TraceWriter;

/**
 * Runs one capture into a run directory: prompt prefill with teacher-forced scores, then one forward pass per step
 * (generate), or the scored text in chunks (score), with the probes attached. Step i comes from the forward pass
 * whose query position is {@code prompt.length - 1 + i}. The directory appears complete or not at all.
 */
public final class Capture {
    public static final String TRACE_FILE = "trace.json";
    public static final String ACTIVATIONS_FILE = "activations.json";
    static final String PRODUCER = "heatmap 0.1.0";
    /** Score mode feeds the text in chunks of this many tokens, checking for a stop request between them. */
    static final int SCORE_CHUNK = 64;

    private final CapturePlan plan;
    private final CaptureControl control;
    private final CaptureListener listener;
    private final DecoderConfig config;
    private final AttentionProbe attention;
    private final ActivationProbe activations;
    private final float[] sampleBuffer;
    private Sampler sampler;
    private StepRecorder recorder;
    private long prefillNanos;
    private long decodeNanos;

    private Capture(CapturePlan plan, CaptureControl control, CaptureListener listener) {
        this.plan = plan;
        this.control = control;
        this.listener = listener;
        this.config = plan.model().config();
        CaptureOptions o = plan.options();
        this.attention = o.attention()
                ? new AttentionProbe(plan.layers(), config.layers(), config.heads(), o.attentionTopK(), o.fullAttention(), o.qkv(),
                        config.hasRotary())
                : null;
        this.activations = o.activations()
                ? new ActivationProbe(plan.layers(), o.submodules(), config.layers(), config.dim(), o.sparsityThreshold(),
                        o.topNeurons(), o.fullActivations())
                : null;
        this.sampleBuffer = new float[config.vocabSize()];
    }

    /** Runs {@code plan} into the run directory {@code out}, which must not exist or be empty. */
    public static CaptureResult run(CapturePlan plan, Path out, CaptureControl control, CaptureListener listener) {
        return new Capture(plan, control, listener).run(out);
    }

    private CaptureResult run(Path out) {
        CaptureOptions o = plan.options();
        Hooks hooks = Hooks.none();
        if (attention != null) attention.attach(hooks);
        if (activations != null) activations.attach(hooks);
        int capacity = plan.prompt().length - 1 + plan.maxSteps();
        InferenceSession session = plan.model().loaded().model().newSession(Math.max(capacity, plan.prompt().length), hooks);
        int firstStepPosition = plan.prompt().length - 1;
        if (attention != null) attention.recordFrom(firstStepPosition);
        if (activations != null) activations.recordFrom(firstStepPosition);
        sampler = new Sampler(o.sampling());
        // Closed in reverse: the background writer drains before the activation writer and the directory go.
        try (RunDirectory dir = RunDirectory.create(out);
             ActivationTraceWriter activationWriter = activations == null ? null
                     : ActivationTraceWriter.create(dir.staging().resolve(ACTIVATIONS_FILE), activationHeader());
             BackgroundWriter background = new BackgroundWriter()) {
            recorder = new StepRecorder(dir.staging(), plan, attention, activations, activationWriter, background);
            listener.started(plan.maxSteps());
            long start = System.nanoTime();
            String stopReason = o.mode() == CaptureOptions.Mode.GENERATE ? generate(session) : score(session);
            double totalMs = (System.nanoTime() - start) / 1e6;
            background.finish();
            Summary summary = summary(totalMs);
            try (TraceWriter trace = TraceWriter.create(dir.staging().resolve(TRACE_FILE), traceHeader(stopReason))) {
                recorder.steps().forEach(trace::write);
                trace.finish(summary);
            }
            if (activationWriter != null) activationWriter.finish();
            dir.commit();
            return new CaptureResult(dir.target(), stopReason, List.copyOf(recorder.promptTokens()),
                    List.copyOf(recorder.steps()), summary);
        }
    }

    private String generate(InferenceSession session) {
        CaptureOptions o = plan.options();
        int[] prompt = plan.prompt();
        int firstStepPosition = prompt.length - 1;
        int[] next = new int[1];
        long t0 = System.nanoTime();
        session.prefill(prompt, (position, logits, offset) -> {
            if (position < firstStepPosition) {
                recorder.promptToken(position, prompt[position + 1], logits, offset);
            } else {
                System.arraycopy(logits, offset, sampleBuffer, 0, sampleBuffer.length);
                next[0] = sampler.sample(sampleBuffer, sampleBuffer.length);
                listener.stepCaptured(recorder.step(0, position, next[0], logits, offset));
            }
        });
        prefillNanos = System.nanoTime() - t0;
        recorder.timeLastStep(prefillNanos / 1e6);
        Vocabulary vocabulary = plan.model().tokenizer().vocabulary();
        for (int step = 1; ; step++) {
            if (vocabulary.endsGeneration(next[0])) return "eos";
            if (!o.stopStrings().isEmpty() && recorder.completesStopString(o.stopStrings())) return "stop_string";
            if (step == plan.maxSteps()) return plan.cutByContext() ? "context_limit" : "max_new_tokens";
            if (control.stopRequested()) return "interrupted";
            long t = System.nanoTime();
            int position = session.position();
            float[] logits = session.decode(next[0]);
            next[0] = sampler.sample(logits, config.vocabSize());
            Step captured = recorder.step(step, position, next[0], logits, 0);
            long elapsed = System.nanoTime() - t;
            decodeNanos += elapsed;
            recorder.timeLastStep(elapsed / 1e6);
            listener.stepCaptured(captured);
        }
    }

    private String score(InferenceSession session) {
        int[] prompt = plan.prompt();
        int[] scored = plan.scored();
        int steps = plan.maxSteps();
        int firstStepPosition = prompt.length - 1;
        // Feed prompt + scored[0 .. steps-2]: the logits at position firstStepPosition + i score scored[i].
        int[] sequence = new int[prompt.length + steps - 1];
        System.arraycopy(prompt, 0, sequence, 0, prompt.length);
        System.arraycopy(scored, 0, sequence, prompt.length, steps - 1);
        long t0 = System.nanoTime();
        for (int from = 0; from < sequence.length; from += SCORE_CHUNK) {
            if (from > 0 && control.stopRequested()) {
                prefillNanos = System.nanoTime() - t0;
                return "interrupted";
            }
            int[] chunk = java.util.Arrays.copyOfRange(sequence, from, Math.min(sequence.length, from + SCORE_CHUNK));
            int firstStepOfChunk = recorder.steps().size();
            long chunkStart = System.nanoTime();
            session.prefill(chunk, (position, logits, offset) -> {
                if (position < firstStepPosition) {
                    recorder.promptToken(position, prompt[position + 1], logits, offset);
                } else {
                    int step = position - firstStepPosition;
                    listener.stepCaptured(recorder.step(step, position, scored[step], logits, offset));
                }
            });
            // One batched pass computes the whole chunk: each of its steps gets an equal share of that pass's time.
            int stepsInChunk = recorder.steps().size() - firstStepOfChunk;
            if (stepsInChunk > 0) recorder.timeSteps(firstStepOfChunk, (System.nanoTime() - chunkStart) / 1e6 / stepsInChunk);
        }
        prefillNanos = System.nanoTime() - t0;
        return plan.cutByContext() ? "context_limit" : "end_of_text";
    }

    private Summary summary(double totalMs) {
        List<Step> steps = recorder.steps();
        Double meanLogprob = steps.isEmpty() ? null : steps.stream().mapToDouble(Step::logprob).average().orElseThrow();
        Double meanEntropy = steps.isEmpty() ? null : steps.stream().mapToDouble(Step::entropy).average().orElseThrow();
        double computeSeconds = (prefillNanos + decodeNanos) / 1e9;
        Double tokensPerSecond = steps.isEmpty() || computeSeconds <= 0 ? null : steps.size() / computeSeconds;
        return new Summary(plan.prompt().length, steps.size(), meanLogprob,
                meanLogprob == null ? null : Math.exp(-meanLogprob), meanEntropy, tokensPerSecond,
                prefillNanos / 1e6, decodeNanos / 1e6, totalMs, recorder.generatedText());
    }

    private TraceHeader traceHeader(String stopReason) {
        CaptureOptions o = plan.options();
        var s = o.sampling();
        GenerationSettings generation = new GenerationSettings(o.mode().id(), o.text(),
                o.mode() == CaptureOptions.Mode.GENERATE ? o.maxNewTokens() : 0, shortestDecimal(s.temperature()), s.topK(),
                shortestDecimal(s.topP()), shortestDecimal(s.minP()), s.seed(),
                o.stopStrings().isEmpty() ? null : o.stopStrings(),
                plan.chat().map(c -> new GenerationSettings.ChatRendering(c.source(), c.rendered())).orElse(null), stopReason);
        boolean probed = attention != null || activations != null;
        CaptureSettings capture = new CaptureSettings(o.topAlternatives(), attention == null ? null : o.attentionTopK(),
                probed ? plan.layers() : List.of(), activations == null ? null : activations.submodules().stream().map(Submodule::id).toList(),
                o.attention(), o.activations(), o.fullAttention(), o.qkv(), o.fullActivations(),
                activations == null ? null : o.sparsityThreshold(), activations == null ? null : o.topNeurons());
        AttentionMetadata attentionMetadata = attention == null ? null
                : new AttentionMetadata(plan.layers(), config.heads(), config.kvHeads(), config.headDim(), o.attentionTopK());
        return new TraceHeader(TraceHeader.SCHEMA_VERSION, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), PRODUCER,
                plan.model().info(), plan.model().tokenizerInfo(), generation, capture, recorder.promptTokens(),
                attentionMetadata, activations == null ? null : ACTIVATIONS_FILE);
    }

    /**
     * The shortest decimal that reads back as {@code f} (Float.toString), as a double: the sampler works in float, and
     * widening 0.8f directly would record 0.800000011920929 where the user typed 0.8.
     */
    static double shortestDecimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private ActivationHeader activationHeader() {
        return new ActivationHeader(ActivationHeader.SCHEMA_VERSION, new ActivationMetadata(
                activations.submodules().stream().map(Submodule::id).toList(), config.layers(), config.dim(),
                plan.model().tokenizerInfo().tokenizerFingerprint(), plan.layers()));
    }
}
