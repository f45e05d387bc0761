package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Rules of token-diff.schema.json that the schema cannot state: the alignment and divergence keys that follow
 * from the mode and fingerprints, step indices and monotone pairs, deltas and nulls that follow from each
 * step's two sides, the summary means, and agreement with the companion activation diff.
 */
final class TokenDiffRules implements SemanticRules {
    /** Relative tolerance for recomputed doubles: the writer's own arithmetic is exact up to rounding. */
    private static final double TOLERANCE = 1e-9;

    @Override
    public StepRules begin(Path file, JsonNode doc, Problems problems) {
        JsonNode alignment = doc.get("alignment");
        String mode = Nodes.stringAt(alignment, "mode");
        String applied = Nodes.stringAt(alignment, "applied_mode");
        String a = Nodes.stringAt(doc.get("a"), "tokenizer_fingerprint");
        String b = Nodes.stringAt(doc.get("b"), "tokenizer_fingerprint");
        boolean sameTokenizer = a != null && a.equals(b);
        String fingerprints = "A is \"" + a + "\" and B is \"" + b + "\"";
        if (a != null && b != null && mode != null && applied != null) {
            String expected = "auto".equals(mode) ? (sameTokenizer ? "token_id" : "position") : mode;
            if (!expected.equals(applied)) {
                problems.add("/alignment/applied_mode", "is \"" + applied + "\" but mode \"" + mode + "\" applies \""
                        + expected + "\" when " + fingerprints);
            }
            if ("token_id".equals(applied) && !sameTokenizer) {
                problems.add("/alignment", "token_id alignment requires equal tokenizer fingerprints, but " + fingerprints);
            }
        }
        String keyedBy = Nodes.stringAt(doc.get("divergence"), "keyed_by");
        String expectedKey = sameTokenizer ? "token_id" : "text";
        if (a != null && b != null && keyedBy != null && !keyedBy.equals(expectedKey)) {
            problems.add("/divergence/keyed_by", "is \"" + keyedBy + "\" but must be \"" + expectedKey + "\" when " + fingerprints);
        }
        return new Steps(file, doc, "token_id".equals(applied), "text".equals(keyedBy) ? "text" : "token_id", problems);
    }

    /** Step checks, with the running sums the summary must equal. */
    private static final class Steps implements StepRules {
        private final Path file;
        private final JsonNode doc;
        private final boolean idAligned;
        private final String key;
        private final Problems problems;
        private long lastA = -1, lastB = -1;
        private final Mean top1 = new Mean(), js = new Mean(), absLogprob = new Mean(), absEntropy = new Mean();

        Steps(Path file, JsonNode doc, boolean idAligned, String key, Problems problems) {
            this.file = file;
            this.doc = doc;
            this.idAligned = idAligned;
            this.key = key;
            this.problems = problems;
        }

        @Override
        public void check(int index, JsonNode step) {
            String at = "/steps/" + index;
            Nodes.requireIndex(step, "step", index, at, problems);
            lastA = requireAfter(step, "step_a", lastA, at);
            lastB = requireAfter(step, "step_b", lastB, at);
            JsonNode a = step.get("a"), b = step.get("b");
            Long idA = Nodes.longAt(a, "token_id"), idB = Nodes.longAt(b, "token_id");
            if (idAligned && idA != null && idB != null && !idA.equals(idB)) {
                problems.add(at + "/b/token_id", "is " + idB + " but token_id alignment requires A's token id (" + idA + ")");
            }
            absLogprob.add(requireDifference(step, "logprob", at));
            absEntropy.add(requireDifference(step, "entropy", at));
            checkTop1(step, a, b, at);
        }

        /** {@code step_a} / {@code step_b} ascend strictly: the alignment is one-to-one and monotone. */
        private long requireAfter(JsonNode step, String name, long previous, String at) {
            Long value = Nodes.longAt(step, name);
            if (value == null) {
                return previous;
            }
            if (value <= previous) {
                problems.add(at + "/" + name, "is " + value + " but must exceed the previous pair's " + previous
                        + " (pairs are one-to-one and in order)");
            }
            return value;
        }

        /** {@code NAME_delta} must be a.NAME - b.NAME; returns its absolute value for the summary, or null. */
        private Double requireDifference(JsonNode step, String name, String at) {
            Double delta = Nodes.doubleAt(step, name + "_delta");
            Double a = Nodes.doubleAt(step.get("a"), name), b = Nodes.doubleAt(step.get("b"), name);
            if (delta != null && a != null && b != null && !close(delta, a - b)) {
                problems.add(at + "/" + name + "_delta", "is " + delta + " but a." + name + " - b." + name + " is " + (a - b));
            }
            return delta == null ? null : Math.abs(delta);
        }

        /** top1_agrees and js_divergence are null exactly when a side has no top1; top1_agrees compares the keys. */
        private void checkTop1(JsonNode step, JsonNode a, JsonNode b, String at) {
            JsonNode topA = a == null ? null : a.get("top1"), topB = b == null ? null : b.get("top1");
            if (topA == null || topB == null) {
                return;
            }
            boolean bothListed = topA.isObject() && topB.isObject();
            JsonNode agrees = step.get("top1_agrees"), divergence = step.get("js_divergence");
            if (agrees != null && agrees.isNull() == bothListed) {
                problems.add(at + "/top1_agrees", bothListed ? "is null but both sides have a top1"
                        : "must be null when a side recorded no alternatives");
            }
            if (divergence != null && divergence.isNull() == bothListed) {
                problems.add(at + "/js_divergence", bothListed ? "is null but both sides have a top1"
                        : "must be null when a side recorded no alternatives");
            }
            if (bothListed && agrees != null && agrees.isBoolean()) {
                JsonNode keyA = topA.get(key), keyB = topB.get(key);
                if (keyA != null && keyB != null && agrees.booleanValue() != Objects.equals(keyA, keyB)) {
                    problems.add(at + "/top1_agrees", "is " + agrees.booleanValue() + " but the top1 " + key + "s are "
                            + keyA + " and " + keyB);
                }
            }
            if (agrees != null && agrees.isBoolean()) {
                top1.add(agrees.booleanValue() ? 1.0 : 0.0);
            }
            if (divergence != null && divergence.isNumber()) {
                js.add(divergence.doubleValue());
            }
        }

        @Override
        public void end(int stepCount) {
            JsonNode summary = doc.get("summary");
            Long declared = Nodes.longAt(summary, "num_steps");
            if (declared != null && declared != stepCount) {
                problems.add("/summary/num_steps", "is " + declared + " but the file has " + stepCount + " steps");
            }
            Long pairs = Nodes.longAt(doc.get("alignment"), "pairs");
            if (pairs != null && pairs != stepCount) {
                problems.add("/alignment/pairs", "is " + pairs + " but the file has " + stepCount + " steps (one per pair)");
            }
            requireMean(summary, "top1_agreement_rate", top1);
            requireMean(summary, "mean_js_divergence", js);
            requireMean(summary, "mean_abs_logprob_delta", absLogprob);
            requireMean(summary, "mean_abs_entropy_delta", absEntropy);
            TokenDiffCompanion.check(file, doc, stepCount, problems);
        }

        private void requireMean(JsonNode summary, String name, Mean mean) {
            JsonNode value = summary == null ? null : summary.get(name);
            if (value == null || !(value.isNull() || value.isNumber())) {
                return;
            }
            Double expected = mean.value();
            boolean ok = expected == null ? value.isNull() : value.isNumber() && close(value.doubleValue(), expected);
            if (!ok) {
                problems.add("/summary/" + name, "is " + value + " but the mean over the steps is " + expected);
            }
        }
    }

    static boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
    }

    /** A running mean that is null until a value arrives. */
    private static final class Mean {
        private double sum;
        private long count;

        void add(Double value) {
            if (value != null) {
                sum += value;
                count++;
            }
        }

        Double value() {
            return count == 0 ? null : sum / count;
        }
    }
}
