package org.tokenheatmap.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.tokenheatmap.formats.trace.Alternative;
import org.tokenheatmap.formats.trace.Step;

/**
 * The records of a token diff file (token-diff.schema.json), written with the formats' JSON mapper (snake_case).
 * Nullable fields are written as null rather than left out, so that every step has the same shape.
 */
public final class TokenDiff {

    public static final String SCHEMA_VERSION = "1.0.0";

    private TokenDiff() {}

    /** Everything before {@code steps}. */
    public record Header(String schemaVersion, String activationDiff, Source a, Source b, AlignmentInfo alignment,
                         String activationValues, Divergence divergence) {}

    /** @param trace the main trace file as given */
    public record Source(String trace, @JsonInclude(Include.ALWAYS) String model, String tokenizerFingerprint) {}

    /** @param appliedMode {@code token_id} or {@code position}: what {@code auto} resolved to */
    public record AlignmentInfo(String mode, String appliedMode, int pairs, int unpairedStepsA, int unpairedStepsB) {}

    public record Divergence(String measure, int logBase, String keyedBy) {}

    /** One aligned step; {@code step} is the same index as the activation diff's {@code steps[].step}. */
    public record StepDiff(int step, int stepA, int stepB, Side a, Side b,
                       @JsonInclude(Include.ALWAYS) Boolean top1Agrees, double logprobDelta, double entropyDelta,
                       @JsonInclude(Include.ALWAYS) Double jsDivergence) {

        /** Compares step {@code a} of trace A with step {@code b} of trace B, aligned as step {@code step}. */
        public static StepDiff of(int step, Step a, Step b, TokenDivergence.Key key) {
            return new StepDiff(step, a.step(), b.step(), Side.of(a), Side.of(b),
                    TokenDivergence.top1Agrees(a.topK(), b.topK(), key), a.logprob() - b.logprob(),
                    a.entropy() - b.entropy(), TokenDivergence.jensenShannon(a.topK(), b.topK(), key));
        }
    }

    /** One side's token at an aligned step; {@code top1} is its most likely alternative (null if none recorded). */
    public record Side(int tokenId, String text, int decodedTextOffset, double logprob, double prob, double entropy,
                       int rank, @JsonInclude(Include.ALWAYS) Alternative top1) {

        static Side of(Step s) {
            return new Side(s.tokenId(), s.text(), s.decodedTextOffset(), s.logprob(), s.prob(), s.entropy(), s.rank(),
                    s.topK().isEmpty() ? null : s.topK().getFirst());
        }
    }

    /** Means over the steps; null where no step has the value (e.g. no steps at all). */
    public record Summary(int numSteps, @JsonInclude(Include.ALWAYS) Double top1AgreementRate,
                          @JsonInclude(Include.ALWAYS) Double meanJsDivergence,
                          @JsonInclude(Include.ALWAYS) Double meanAbsLogprobDelta,
                          @JsonInclude(Include.ALWAYS) Double meanAbsEntropyDelta) {}
}
