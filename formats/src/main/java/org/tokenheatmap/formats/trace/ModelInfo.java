package org.tokenheatmap.formats.trace;

/** The model a trace was captured from (trace.schema.json `model`). */
public record ModelInfo(String name, String architecture, String fileFormat, String quantization,
                        int numLayers, int numAttentionHeads, int numKeyValueHeads, int headDim, int hiddenDim,
                        Integer intermediateDim, int vocabSize, Integer contextLength, Long parameterCount,
                        String sourcePath, String contentSha256) {}
