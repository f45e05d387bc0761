package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ActivationTraceReader;
import tools.jackson.databind.JsonNode;

/** Rules of trace.schema.json that the schema cannot state. */
final class TraceRules implements SemanticRules {

    @Override
    public StepRules begin(Path file, JsonNode doc, Problems problems) {
        JsonNode promptTokens = doc.get("prompt_tokens");
        if (promptTokens != null && promptTokens.isArray()) {
            for (int i = 0; i < promptTokens.size(); i++) {
                Nodes.requireIndex(promptTokens.get(i), "position", i, "/prompt_tokens/" + i, problems);
            }
        }
        boolean imported = doc.has("source");
        if (imported && promptTokens != null && promptTokens.isArray()) {
            for (int i = 0; i < promptTokens.size(); i++) {
                if (promptTokens.get(i).path("logprob").isNumber())
                    checkRankWithinTopK(promptTokens.get(i), "/prompt_tokens/" + i, problems);
            }
        }
        JsonNode attention = doc.get("attention_metadata");
        List<Long> attentionLayers = attention == null ? null : Nodes.longs(attention.get("captured_layers"));
        Nodes.requireStrictlyAscending(attentionLayers, "/attention_metadata/captured_layers", problems);
        JsonNode capture = doc.get("capture");
        Nodes.requireStrictlyAscending(capture == null ? null : Nodes.longs(capture.get("captured_layers")),
                "/capture/captured_layers", problems);
        Long numLayers = Nodes.longAt(doc.get("model"), "num_layers");
        if (attentionLayers != null && numLayers != null) {
            for (int i = 0; i < attentionLayers.size(); i++) {
                if (attentionLayers.get(i) >= numLayers) {
                    problems.add("/attention_metadata/captured_layers/" + i,
                            "layer " + attentionLayers.get(i) + " does not exist; model.num_layers is " + numLayers);
                }
            }
        }
        checkActivationsRef(file, doc, problems);
        Long heads = Nodes.longAt(attention, "num_attention_heads");
        SidecarChecks sidecars = new SidecarChecks(problems);
        return new StepRules() {
            @Override
            public void check(int index, JsonNode step) {
                String at = "/steps/" + index;
                Nodes.requireIndex(step, "step", index, at, problems);
                Nodes.requireDescending(step.get("top_k"), "logprob", false, at + "/top_k", problems);
                if (imported) checkImportedStep(step, at, problems);
                checkInlineAttention(step.get("attention"), attention != null, attentionLayers, heads, at + "/attention", problems);
                Path sidecar = SidecarRefs.resolve(file, step.get("attention_sidecar_ref"), at + "/attention_sidecar_ref", problems);
                if (sidecar != null && attention == null) {
                    problems.add(at + "/attention_sidecar_ref", "steps carry attention sidecars but the trace has no attention_metadata");
                } else if (sidecar != null) {
                    sidecars.checkAttention(sidecar, index, attentionLayers, at + "/attention_sidecar_ref");
                }
            }

            @Override
            public void end(int stepCount) {
                Long declared = Nodes.longAt(doc.get("summary"), "num_steps");
                if (declared != null && declared != stepCount) {
                    problems.add("/summary/num_steps", "is " + declared + " but the trace has " + stepCount + " steps");
                }
            }
        };
    }

    /** An imported trace's step has no attention, and its rank is known only within its alternatives. */
    private static void checkImportedStep(JsonNode step, String at, Problems problems) {
        if (step.has("attention"))
            problems.add(at + "/attention", "an imported trace (with source) has no attention");
        if (step.path("attention_sidecar_ref").isString())
            problems.add(at + "/attention_sidecar_ref", "an imported trace (with source) has no attention sidecars");
        checkRankWithinTopK(step, at, problems);
    }

    /**
     * The rule of {@code source.rank} = {@code within_top_k}: the rank is the 1-based place of the token's id among
     * its alternatives (sorted by descending logprob), or one past them when the token is not listed.
     */
    private static void checkRankWithinTopK(JsonNode token, String at, Problems problems) {
        JsonNode topK = token.path("top_k");
        Long id = Nodes.longAt(token, "token_id"), rank = Nodes.longAt(token, "rank");
        if (id == null || rank == null || !topK.isArray()) return;
        long expected = topK.size() + 1;
        for (int i = 0; i < topK.size(); i++) {
            if (id.equals(Nodes.longAt(topK.get(i), "token_id"))) {
                expected = i + 1;
                break;
            }
        }
        if (rank != expected)
            problems.add(at + "/rank", "is " + rank + " but must be " + expected + " in an imported trace: the token's place"
                    + " among its " + topK.size() + " alternatives, or one past them when it is not listed");
    }

    /** Inline attention: one entry per captured layer in captured_layers order, one per head in head order. */
    private static void checkInlineAttention(JsonNode attention, boolean hasMetadata, List<Long> layers, Long heads,
                                             String at, Problems problems) {
        if (attention == null || !attention.isArray()) {
            return;
        }
        if (!hasMetadata) {
            problems.add(at, "steps carry attention but the trace has no attention_metadata");
            return;
        }
        List<Long> seen = new ArrayList<>();
        for (JsonNode layer : attention) {
            Long l = Nodes.longAt(layer, "layer");
            seen.add(l);
        }
        if (layers != null && !seen.equals(layers)) {
            problems.add(at, "layers " + seen + " must be attention_metadata.captured_layers " + layers + " in that order");
        }
        for (int i = 0; i < attention.size(); i++) {
            JsonNode headList = attention.get(i).get("heads");
            if (headList == null || !headList.isArray()) {
                continue;
            }
            if (heads != null && headList.size() != heads) {
                problems.add(at + "/" + i + "/heads", "has " + headList.size() + " entries; attention_metadata.num_attention_heads is " + heads);
            }
            for (int h = 0; h < headList.size(); h++) {
                Long head = Nodes.longAt(headList.get(h), "head");
                if (head != null && head != h) {
                    problems.add(at + "/" + i + "/heads/" + h + "/head", "is " + head + " but heads must be in head order (expected " + h + ")");
                }
                Nodes.requireDescending(headList.get(h).get("top"), "weight", false, at + "/" + i + "/heads/" + h + "/top", problems);
            }
        }
    }

    /** The companion activation trace must exist and share the tokenizer fingerprint. */
    private static void checkActivationsRef(Path file, JsonNode doc, Problems problems) {
        Path companion = SidecarRefs.resolve(file, doc.get("activations_ref"), "/activations_ref", problems);
        if (companion == null) {
            return;
        }
        try (ActivationTraceReader reader = ActivationTraceReader.open(companion)) {
            String theirs = reader.header().activationMetadata() == null ? null
                    : reader.header().activationMetadata().tokenizerFingerprint();
            String ours = Nodes.stringAt(doc.get("tokenizer"), "tokenizer_fingerprint");
            if (ours != null && theirs != null && !ours.equals(theirs)) {
                problems.add("/tokenizer/tokenizer_fingerprint", "\"" + ours + "\" differs from the activation trace's \""
                        + theirs + "\"");
            }
        } catch (BadInputException e) {
            problems.add("/activations_ref", "the activation trace is unreadable: " + e.getMessage());
        }
    }
}
