package org.tokenheatmap.t3;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One line of a T³ ecology trace (seeds/t3-trace-schema.md). Field names serialise back to the spec's
 * snake_case names with any Jackson 3 mapper, so a web server can hand these records out as they are.
 * Optional fields of the spec are nullable ({@code null} = absent or JSON null).
 */
public sealed interface T3Record permits T3Record.Meta, T3Record.StageGeom, T3Record.ChainState, T3Record.Frame {

    /** The spec's {@code type} value. */
    @JsonProperty("type")
    String type();

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(int schemaVersion, int nStages, int nHeads, int dHead, int[] nLayersPerStage,
                List<String> primitiveNames, int[] primitiveSignature, String prompt, String promptId,
                String lineage, String ckpt, int nTokens, int nFrames, int nChainStates, String created,
                Capabilities capabilities) implements T3Record {
        public String type() { return "meta"; }

        /** Number of primitives N ({@code capabilities.n_primitives}). */
        public int nPrimitives() { return capabilities.nPrimitives(); }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Capabilities(boolean hasCoupling, boolean hasTrivectors, Boolean hasDynOmega, Boolean hasInterStagePc,
                        Boolean hasScratchpad, int nPrimitives, Double nullConeStrength, Double hamiltonianCoupling,
                        Double sigmaHidden, double[] scratchpadInjectEntropy) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StageGeom(int stageIdx, double[][] headPositions, double[][] distances, double[][] blockadeKernel,
                     double blockadeRadius, double blockadeExponent, double couplingMax, Boolean hasTrivectors,
                     double[][] cosurvivalMatrix, double[][] cosurvivalModulation, double[] cosurvivalHeadLossEma,
                     double[] cosurvivalProtectionScores) implements T3Record {
        public String type() { return "stage_geom"; }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChainState(int tokenIdx, double[] actHaltProbs, double[] actStrainValues, int actPonderSteps,
                      int[] actPerStageSteps, double[][] actPerStageStrains, double actPonderCost,
                      double[] difficultyPred, double[] scratchpadPred, Double omegaDisplacementEma,
                      Double omegaVarianceEma) implements T3Record {
        public String type() { return "chain_state"; }
    }

    /** {@code omegaFlat} and {@code trivectors} are empty (never null) when the trace has none. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Frame(int frameIdx, int stageIdx, int actCall, double[][] primitives, double[] sigma, double[] omegaFlat,
                 double[] trivectors, @JsonProperty("Q") double[] q, double[] kbInputNorms, double[] suppression,
                 double[][] perLayerSuppression, double[] selfSurprise, double outputEntropyEma,
                 double[][] perLayerAttnEntropy, List<TopToken> stageTopTokens) implements T3Record {
        public String type() { return "frame"; }
    }

    /** One entry of {@code stage_top_tokens}: written as the spec's two-element array {@code ["the", 0.166]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record TopToken(String token, double prob) {}
}
