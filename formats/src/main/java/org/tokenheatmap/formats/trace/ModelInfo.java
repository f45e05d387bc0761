package org.tokenheatmap.formats.trace;

/**
 * The model a trace was captured from (trace.schema.json `model`). A capture fills every size; an imported trace
 * ({@code fileFormat} {@code api}) knows only the name, so the sizes are null there and left out of the file.
 */
public record ModelInfo(String name, String architecture, String fileFormat, String quantization,
                        Integer numLayers, Integer numAttentionHeads, Integer numKeyValueHeads, Integer headDim,
                        Integer hiddenDim, Integer intermediateDim, Integer vocabSize, Integer contextLength,
                        Long parameterCount, String sourcePath, String contentSha256) {

    /** {@code file_format} of a model reached through an API (an imported trace). */
    public static final String API = "api";

    /** The model of an imported trace: its name as the response gave it, nothing else. */
    public static ModelInfo api(String name) {
        return new ModelInfo(name, null, API, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
