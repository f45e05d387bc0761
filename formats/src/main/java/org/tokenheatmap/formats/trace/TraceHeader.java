package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * Everything of a main trace that precedes `steps`; `activationsRef` is null when the activation probe was off,
 * `source` is null for a capture and set for a trace imported from an API response.
 */
public record TraceHeader(String schemaVersion, String createdAt, String producer, ApiSource source, ModelInfo model,
                          TokenizerInfo tokenizer, GenerationSettings generation, CaptureSettings capture,
                          List<PromptToken> promptTokens, AttentionMetadata attentionMetadata,
                          @JsonInclude(Include.ALWAYS) String activationsRef) {

    /** The trace.schema.json version this build writes (2.1.0 added `source` for imported runs and the chat template fields; 2.0.0 files are read as before). */
    public static final String SCHEMA_VERSION = "2.1.0";

    /** A captured trace's header (no {@code source}). */
    public TraceHeader(String schemaVersion, String createdAt, String producer, ModelInfo model,
                       TokenizerInfo tokenizer, GenerationSettings generation, CaptureSettings capture,
                       List<PromptToken> promptTokens, AttentionMetadata attentionMetadata, String activationsRef) {
        this(schemaVersion, createdAt, producer, null, model, tokenizer, generation, capture, promptTokens,
                attentionMetadata, activationsRef);
    }
}
