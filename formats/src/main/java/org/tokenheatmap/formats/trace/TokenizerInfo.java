package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** The tokenizer of a trace (trace.schema.json `tokenizer`). */
public record TokenizerInfo(String kind, @JsonInclude(Include.ALWAYS) String preTokenizer, int vocabSize,
                            String tokenizerFingerprint, SpecialTokenIds specialTokenIds, String sourcePath) {}
