package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** How two activation traces were aligned: mode `token_id`, `position` or `auto`. */
public record Alignment(String mode,
                        // snake_case naming alone would give "tokenizer_afingerprint"
                        @JsonProperty("tokenizer_a_fingerprint") String tokenizerAFingerprint,
                        @JsonProperty("tokenizer_b_fingerprint") String tokenizerBFingerprint,
                        List<AlignmentMismatch> mismatches) {}
