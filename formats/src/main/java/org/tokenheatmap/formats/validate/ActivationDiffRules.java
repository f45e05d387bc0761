package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** Rules of activation-diff.schema.json that the schema cannot state. */
final class ActivationDiffRules implements SemanticRules {

    @Override
    public StepRules begin(Path file, JsonNode doc, Problems problems) {
        JsonNode alignment = doc.get("alignment");
        String mode = Nodes.stringAt(alignment, "mode");
        String a = Nodes.stringAt(alignment, "tokenizer_a_fingerprint");
        String b = Nodes.stringAt(alignment, "tokenizer_b_fingerprint");
        boolean sameTokenizer = a != null && a.equals(b);
        if ("token_id".equals(mode) && a != null && b != null && !sameTokenizer) {
            problems.add("/alignment", "mode token_id requires equal tokenizer fingerprints, but A is \"" + a + "\" and B is \"" + b + "\"");
        }
        JsonNode mismatches = alignment == null ? null : alignment.get("mismatches");
        if (mismatches != null && mismatches.isArray()) {
            for (int i = 0; i < mismatches.size(); i++) {
                JsonNode m = mismatches.get(i);
                if (Nodes.longAt(m, "step_a") == null && Nodes.longAt(m, "step_b") == null && m.isObject()) {
                    problems.add("/alignment/mismatches/" + i, "names neither step_a nor step_b");
                }
            }
        }
        // token_id alignment (chosen, or picked by auto because the fingerprints match) pairs equal token ids only.
        boolean idAligned = "token_id".equals(mode) || "auto".equals(mode) && sameTokenizer;
        return (index, step) -> {
            String at = "/steps/" + index;
            Nodes.requireIndex(step, "step", index, at, problems);
            Long idA = Nodes.longAt(step, "token_id_a");
            Long idB = Nodes.longAt(step, "token_id_b");
            if (idAligned && idA != null && idB != null && !idA.equals(idB)) {
                problems.add(at + "/token_id_b", "is " + idB + " but token_id alignment requires token_id_a (" + idA + ")");
            }
            JsonNode deltas = step.get("delta");
            if (deltas != null && deltas.isArray()) {
                for (int i = 0; i < deltas.size(); i++) {
                    Nodes.requireDescending(deltas.get(i).get("top_changed_neurons"), "delta", true,
                            at + "/delta/" + i + "/top_changed_neurons", problems);
                }
            }
        };
    }
}
