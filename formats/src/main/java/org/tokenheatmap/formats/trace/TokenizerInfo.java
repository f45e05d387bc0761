package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The tokenizer of a trace (trace.schema.json `tokenizer`). An imported trace ({@code kind} {@code api}) has only
 * its kind and fingerprint: the API's tokenizer is unknown, so vocabulary size and special ids are null.
 */
public record TokenizerInfo(String kind, @JsonInclude(Include.ALWAYS) String preTokenizer, Integer vocabSize,
                            String tokenizerFingerprint, SpecialTokenIds specialTokenIds, String sourcePath) {

    /** The tokenizer of an imported trace. */
    public static TokenizerInfo api(String fingerprint) {
        return new TokenizerInfo(ModelInfo.API, null, null, fingerprint, null, null);
    }
}
