package org.tokenheatmap.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationMetadata;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.ActivationTraceReader;

/**
 * One side of a comparison, after a first streaming pass over its files: where they are, the activation metadata and
 * the alignment keys of every step. Activations themselves are read again, one step at a time, while diffing.
 *
 * @param activations    the activation trace (activation.schema.json), or null for a run with only a trace.json (an
 *                       imported run, or a capture with --no-activations): then only its tokens are compared
 * @param mainTrace      the main trace (trace.schema.json) of the same capture, or null when there is none
 * @param metadata       the activation metadata, null without activations
 * @param capturedLayers ascending; all of [0, num_layers) when the metadata omits them; empty without activations
 * @param fullSidecars   whether every step names a Tier 2 activation sidecar
 */
public record TraceSide(Path activations, Path mainTrace, ActivationMetadata metadata, List<Integer> capturedLayers,
                        StepIndex steps, boolean fullSidecars, String fingerprint) {

    public static final String ACTIVATIONS_FILE = "activations.json";
    public static final String TRACE_FILE = "trace.json";

    public TraceSide { capturedLayers = List.copyOf(capturedLayers); }

    public boolean hasActivations() { return activations != null; }

    /**
     * Reads a run directory (its activations.json and trace.json, or a trace.json alone), or an activation trace file
     * (with the trace.json beside it that names it, if any).
     */
    public static TraceSide load(Path runOrFile) {
        Path activations, mainTrace;
        if (Files.isDirectory(runOrFile)) {
            activations = runOrFile.resolve(ACTIVATIONS_FILE);
            mainTrace = Files.isRegularFile(runOrFile.resolve(TRACE_FILE)) ? runOrFile.resolve(TRACE_FILE) : null;
            if (!Files.isRegularFile(activations)) {
                if (mainTrace == null)
                    throw new BadInputException(runOrFile, "", "neither " + ACTIVATIONS_FILE + " nor " + TRACE_FILE
                            + " in this run directory");
                MainTraces.Keys keys = MainTraces.read(mainTrace, null, null, null);
                return new TraceSide(null, mainTrace, null, List.of(), keys.steps(), false, keys.fingerprint());
            }
        } else if (Files.isRegularFile(runOrFile)) {
            activations = runOrFile;
            mainTrace = MainTraces.companionOf(runOrFile);
        } else {
            throw new BadInputException(runOrFile, "", "no such run directory or activation trace file");
        }
        return scan(activations, mainTrace);
    }

    private static TraceSide scan(Path activations, Path mainTrace) {
        var tokenIds = new IntList();
        var offsets = new IntList();
        boolean allSidecars = true;
        ActivationMetadata meta;
        try (var reader = ActivationTraceReader.open(activations)) {
            meta = reader.header().activationMetadata();
            if (meta == null) throw new BadInputException(activations, "/activation_metadata", "missing");
            for (ActivationStep step : reader) {
                tokenIds.add(step.tokenId());
                offsets.add(step.decodedTextOffset());
                allSidecars &= step.activationSidecarRef() != null;
            }
        }
        List<Integer> layers = meta.capturedLayers() != null ? meta.capturedLayers()
                : IntStream.range(0, meta.numLayers()).boxed().toList();
        StepIndex steps = mainTrace != null
                ? MainTraces.read(mainTrace, activations, tokenIds.toArray(), offsets.toArray()).steps()
                : StepIndex.checked(activations, tokenIds.toArray(), offsets.toArray(), StepIndex.UNKNOWN_END);
        return new TraceSide(activations, mainTrace, meta, layers, steps, allSidecars, meta.tokenizerFingerprint());
    }
}
