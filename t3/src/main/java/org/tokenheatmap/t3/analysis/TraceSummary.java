package org.tokenheatmap.t3.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.t3.T3Record;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.SortedMap;

/**
 * What {@code heatmap t3 summary --json} prints (snake_case with any Jackson 3 mapper). Everything is computed in
 * one streaming pass by {@link Summarizer}.
 *
 * @param actPonderSteps one per chain_state, in file order
 * @param haltSteps      per chain_state: first ponder index with halt probability ≥ 0.99, null if none
 * @param qDistribution  per stage index, over all heads of all frames of that stage (Q as stored)
 * @param qMaxDeviation  max |stored Q − Σ signature·primitive²| over all heads of all frames (null: no frame)
 * @param skippedLines   broken lines skipped in lenient mode (the first ones listed in {@code problems})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceSummary(int schemaVersion, String prompt, String promptId, String lineage, String ckpt,
                           String created, T3Record.Capabilities capabilities, List<String> primitiveNames,
                           int[] primitiveSignature, int nStages, int nHeads, int nPrimitives, int nTokens,
                           int nChainStates, int nFrames, List<Integer> actPonderSteps, List<Integer> haltSteps,
                           Stats.Summary ponderDepth, List<Act.Strain> strain,
                           SortedMap<Integer, QDistribution> qDistribution, List<StageActivity> stages,
                           List<Geometry.Check> geometry, Double qMaxDeviation, int skippedLines,
                           List<Problem> problems) {

    /** Fractions of heads with Q > 0.05, Q < −0.05 and |Q| ≤ 0.05; all 0 when {@code heads} is 0. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QDistribution(long heads, double spacelike, double timelike,
                                @JsonProperty("null") double nullCone) {}

    /** Per stage: frames seen, ACT calls (max act_call + 1), suppression and self-surprise over all heads of all frames. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StageActivity(int stageIdx, long frames, int actCalls, Stats.Summary suppression,
                                Stats.Summary selfSurprise, Stats.Summary outputEntropyEma) {}
}
