package org.tokenheatmap.formats.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;

/**
 * Cross-checks a referenced Tier 2 sidecar against the step that names it: right kind, same step, and the
 * parent's captured layers (in order). The sidecar's own content is the sidecar validator's business;
 * an unreadable sidecar is reported here too, since the reference then leads nowhere useful.
 */
final class SidecarChecks {
    private final Problems problems;

    SidecarChecks(Problems problems) {
        this.problems = problems;
    }

    void checkAttention(Path sidecar, long step, List<Long> capturedLayers, String place) {
        switch (read(sidecar, place)) {
            case null -> { }
            case AttentionSidecar s -> {
                checkStep(s.step(), step, place);
                checkLayers(s.layers().stream().map(l -> (long) l.layer()).toList(), capturedLayers,
                        "attention_metadata.captured_layers", place);
            }
            case ActivationSidecar s -> problems.add(place, "refers to an activation sidecar, expected an attention sidecar");
        }
    }

    void checkActivation(Path sidecar, long step, List<Long> capturedLayers, String place) {
        switch (read(sidecar, place)) {
            case null -> { }
            case ActivationSidecar s -> {
                checkStep(s.step(), step, place);
                checkLayers(s.capturedLayers().stream().map(Integer::longValue).toList(), capturedLayers,
                        "activation_metadata.captured_layers", place);
            }
            case AttentionSidecar s -> problems.add(place, "refers to an attention sidecar, expected an activation sidecar");
        }
    }

    private Sidecar read(Path sidecar, String place) {
        try {
            return Sidecars.read(sidecar);
        } catch (BadInputException e) {
            problems.add(place, "sidecar " + sidecar.getFileName() + " is invalid: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            problems.add(place, "cannot read sidecar " + sidecar + ": " + e.getMessage());
        }
        return null;
    }

    private void checkStep(long sidecarStep, long step, String place) {
        if (sidecarStep != step) {
            problems.add(place, "the sidecar is of step " + sidecarStep + " but is referenced from step " + step);
        }
    }

    private void checkLayers(List<Long> sidecarLayers, List<Long> capturedLayers, String what, String place) {
        if (capturedLayers != null && !sidecarLayers.equals(capturedLayers)) {
            problems.add(place, "the sidecar's layers " + sidecarLayers + " differ from " + what + " " + capturedLayers);
        }
    }
}
