package org.tokenheatmap.t3;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns one parsed trace line into its typed record. Unknown fields are ignored (the spec's forward-compatibility rule). */
public final class T3Records {

    /** Shared mapper: rejects duplicate keys, which would make a record ambiguous. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private T3Records() {}

    /**
     * Parses one line of a trace.
     *
     * @throws IllegalArgumentException with message "not valid JSON: ..." or "/pointer: reason" when the line is not
     *                                  a record of the spec
     */
    public static T3Record parse(byte[] bytes, int length) {
        Object value;
        try {
            value = JsonValues.parse(bytes, length);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        try {
            JsonFields f = new JsonFields(value);
            return switch (f.string("type")) {
                case "meta" -> meta(f);
                case "stage_geom" -> stageGeom(f);
                case "chain_state" -> chainState(f);
                case "frame" -> frame(f);
                default -> throw new JsonFields.FieldException("/type",
                        "unknown record type (expected meta, stage_geom, chain_state or frame)");
            };
        } catch (JsonFields.FieldException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static T3Record.Meta meta(JsonFields f) {
        JsonFields c = f.object("capabilities");
        T3Record.Capabilities caps = new T3Record.Capabilities(c.bool("has_coupling"), c.bool("has_trivectors"),
                c.optBool("has_dyn_omega"), c.optBool("has_inter_stage_pc"), c.optBool("has_scratchpad"),
                c.integer("n_primitives"), c.optNumber("null_cone_strength"), c.optNumber("hamiltonian_coupling"),
                c.optNumber("sigma_hidden"), c.optVector("scratchpad_inject_entropy"));
        return new T3Record.Meta(f.integer("schema_version", 1), f.integer("n_stages"), f.integer("n_heads"),
                f.integer("d_head"), f.ints("n_layers_per_stage"), f.strings("primitive_names"),
                f.ints("primitive_signature"), f.string("prompt"), f.string("prompt_id"), f.string("lineage"),
                f.string("ckpt"), f.integer("n_tokens"), f.integer("n_frames"), f.integer("n_chain_states"),
                f.string("created"), caps);
    }

    private static T3Record.StageGeom stageGeom(JsonFields f) {
        return new T3Record.StageGeom(f.integer("stage_idx"), f.matrix("head_positions"), f.matrix("distances"),
                f.matrix("blockade_kernel"), f.number("blockade_radius"), f.number("blockade_exponent"),
                f.number("coupling_max"), f.optBool("has_trivectors"), f.matrix("cosurvival_matrix"),
                f.matrix("cosurvival_modulation"), f.vector("cosurvival_head_loss_ema"),
                f.vector("cosurvival_protection_scores"));
    }

    private static T3Record.ChainState chainState(JsonFields f) {
        return new T3Record.ChainState(f.integer("token_idx"), f.vector("act_halt_probs"),
                f.vector("act_strain_values"), f.integer("act_ponder_steps"), f.optInts("act_per_stage_steps"),
                f.optMatrix("act_per_stage_strains"), f.number("act_ponder_cost"), f.vector("difficulty_pred"),
                f.vector("scratchpad_pred"), f.optNumber("omega_displacement_ema"), f.optNumber("omega_variance_ema"));
    }

    private static T3Record.Frame frame(JsonFields f) {
        return new T3Record.Frame(f.integer("frame_idx"), f.integer("stage_idx"), f.integer("act_call"),
                f.matrix("primitives"), f.vector("sigma"), f.vectorOrEmpty("omega_flat"),
                f.vectorOrEmpty("trivectors"), f.vector("Q"), f.optVector("kb_input_norms"), f.vector("suppression"),
                f.matrix("per_layer_suppression"), f.vector("self_surprise"), f.number("output_entropy_ema"),
                f.matrix("per_layer_attn_entropy"), f.optTopTokens("stage_top_tokens"));
    }
}
