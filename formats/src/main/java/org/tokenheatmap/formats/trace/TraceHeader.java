package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/** Everything of a main trace that precedes `steps`; `activationsRef` is null when the activation probe was off. */
public record TraceHeader(String schemaVersion, String createdAt, String producer, ModelInfo model,
                          TokenizerInfo tokenizer, GenerationSettings generation, CaptureSettings capture,
                          List<PromptToken> promptTokens, AttentionMetadata attentionMetadata,
                          @JsonInclude(Include.ALWAYS) String activationsRef) {

    /** The trace.schema.json version this build writes. */
    public static final String SCHEMA_VERSION = "2.1.0";
}
