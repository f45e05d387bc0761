package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.Objects;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.Alignment;
import org.tokenheatmap.formats.trace.AlignmentMismatch;
import tools.jackson.databind.JsonNode;

/**
 * A token diff describes the same alignment as its companion activation diff ({@code activation_diff}, a file
 * name in the same directory): the requested mode, both fingerprints, one step per pair and the unpaired steps
 * of each side (its mismatches).
 */
final class TokenDiffCompanion {
    private static final String PLACE = "/activation_diff";

    private TokenDiffCompanion() {}

    static void check(Path file, JsonNode doc, int stepCount, Problems problems) {
        JsonNode ref = doc.get("activation_diff");
        if (ref != null && ref.isString() && (ref.asString().contains("/") || ref.asString().contains("\\"))) {
            problems.add(PLACE, "\"" + ref.asString() + "\" must be a file name in the token diff's directory");
            return;
        }
        Path companion = SidecarRefs.resolve(file, ref, PLACE, problems);
        if (companion == null) {
            return;
        }
        try (ActivationDiffReader reader = ActivationDiffReader.open(companion)) {
            int theirSteps = 0;
            for (; reader.hasNext(); reader.next()) {
                theirSteps++;
            }
            compare(doc, reader.header().alignment(), stepCount, theirSteps, problems);
        } catch (BadInputException e) {
            problems.add(PLACE, "the activation diff is unreadable: " + e.getMessage());
        }
    }

    private static void compare(JsonNode doc, Alignment theirs, int steps, int theirSteps, Problems problems) {
        if (steps != theirSteps) {
            problems.add("/steps", "has " + steps + " steps but the activation diff has " + theirSteps);
        }
        if (theirs == null) {
            return;
        }
        JsonNode alignment = doc.get("alignment");
        requireEqual(Nodes.stringAt(alignment, "mode"), theirs.mode(), "/alignment/mode", "alignment.mode", problems);
        requireEqual(Nodes.stringAt(doc.get("a"), "tokenizer_fingerprint"), theirs.tokenizerAFingerprint(),
                "/a/tokenizer_fingerprint", "alignment.tokenizer_a_fingerprint", problems);
        requireEqual(Nodes.stringAt(doc.get("b"), "tokenizer_fingerprint"), theirs.tokenizerBFingerprint(),
                "/b/tokenizer_fingerprint", "alignment.tokenizer_b_fingerprint", problems);
        if (theirs.mismatches() != null) {
            long unpairedA = theirs.mismatches().stream().map(AlignmentMismatch::stepA).filter(Objects::nonNull).count();
            long unpairedB = theirs.mismatches().stream().map(AlignmentMismatch::stepB).filter(Objects::nonNull).count();
            requireEqual(Nodes.longAt(alignment, "unpaired_steps_a"), unpairedA, "/alignment/unpaired_steps_a",
                    "count of mismatches naming step_a", problems);
            requireEqual(Nodes.longAt(alignment, "unpaired_steps_b"), unpairedB, "/alignment/unpaired_steps_b",
                    "count of mismatches naming step_b", problems);
        }
    }

    private static void requireEqual(Object ours, Object theirs, String place, String what, Problems problems) {
        if (ours != null && theirs != null && !ours.equals(theirs)) {
            problems.add(place, "is " + quoted(ours) + " but the activation diff's " + what + " is " + quoted(theirs));
        }
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
