package org.tokenheatmap.engine.quant;

import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * Which type each tensor gets when a model is quantised to Q8_0 or Q4_0, following llama.cpp's llama-quant rules:
 * only tensors of rank >= 2 are quantised (norms stay as they are); a row length that is not a multiple of the
 * block size keeps the tensor in float; the output projection (or the embedding when it doubles as output) is
 * kept at higher precision. llama.cpp picks Q8_0 for it when the row length is not a multiple of 256 and Q6_K
 * otherwise; we have no Q6_K quantiser, so it is Q8_0 in both cases.
 */
public final class QuantizationPlan {
    private QuantizationPlan() {}

    public static GgmlType typeFor(String name, long[] dims, GgmlType source, GgmlType target, boolean hasSeparateOutput) {
        if (target != GgmlType.Q8_0 && target != GgmlType.Q4_0) throw new IllegalArgumentException("target must be Q8_0 or Q4_0");
        boolean floatSource = source == GgmlType.F32 || source == GgmlType.F16 || source == GgmlType.BF16;
        if (!floatSource || dims.length < 2) return source;
        if (dims[0] % target.blockSize() != 0) return source;
        boolean isOutput = name.equals("output.weight") || (!hasSeparateOutput && name.equals("token_embd.weight"));
        return isOutput ? GgmlType.Q8_0 : target;
    }

    /** llama.cpp's general.file_type (llama_ftype) for a model mostly in {@code type}. */
    public static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            default -> throw new IllegalArgumentException("no file type for " + type);
        };
    }
}
