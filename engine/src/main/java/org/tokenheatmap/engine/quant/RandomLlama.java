package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.family.ModelFamilies;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.tensor.GgmlType;

/**
 * A random-weight Llama ({@link RandomModel} with the llama family's layout) in the shape of the common benchmark and
 * test models: head width {@code dim / heads}, rotary base 10000, unit norm gains, vocabulary from the tokenizer.
 *
 * @param type F32, F16, Q8_0 or Q4_0 (see {@link RandomModel})
 */
public record RandomLlama(int dim, int ffnDim, int layers, int heads, int kvHeads, int contextLength, long seed,
                          float std, GgmlType type) {

    /** ~1 B parameters with a 32k vocabulary: dim 2048, 22 layers, 32 heads, 4 KV heads (TinyLlama-1.1B's shape). */
    public static RandomLlama tinyLlamaShape(long seed, GgmlType type) {
        return new RandomLlama(2048, 5632, 22, 32, 4, 2048, seed, 0.02f, type);
    }

    /** Writes the model with the given tokenizer metadata (see {@link TokenizerMetadata}). */
    public void write(Path out, Map<String, GgufValue> tokenizer) throws IOException {
        DecoderConfig config = RandomModel.llamaShape(dim, ffnDim, layers, heads, kvHeads, contextLength,
                TokenizerMetadata.vocabSize(tokenizer));
        new RandomModel(ModelFamilies.LLAMA, config, seed, RandomModel.Init.plain(std), type).write(out, tokenizer);
    }
}
