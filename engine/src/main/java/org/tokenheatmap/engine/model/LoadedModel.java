package org.tokenheatmap.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.llama2c.Llama2cCheckpoint;
import org.tokenheatmap.formats.BadInputException;

/**
 * A model opened from a file, with the file kept mapped until {@link #close()}.
 *
 * @param gguf the GGUF file (metadata, embedded tokenizer) when the model came from one
 */
public record LoadedModel(Path path, Format format, LlamaModel model, Map<String, String> tensorTypes,
                          Optional<GgufFile> gguf, AutoCloseable mapping) implements AutoCloseable {

    public enum Format { GGUF, LLAMA2C }

    /** Opens a GGUF file (by its magic) or a llama2.c checkpoint (anything else). */
    public static LoadedModel open(Path path) {
        if (!Files.isRegularFile(path)) throw new BadInputException(path, "", "no such model file");
        if (isGguf(path)) {
            GgufFile gguf = GgufFile.open(path);
            try {
                LlamaConfig config = GgufLlama.config(gguf);
                TensorSource tensors = GgufLlama.tensors(gguf);
                LlamaModel model = new LlamaModel(config, LlamaWeights.load(config, tensors));
                return new LoadedModel(path, Format.GGUF, model, tensors.tensorTypes(), Optional.of(gguf), gguf);
            } catch (RuntimeException e) {
                gguf.close();
                throw e;
            }
        }
        Llama2cCheckpoint checkpoint = Llama2cCheckpoint.open(path);
        try {
            LlamaModel model = new LlamaModel(checkpoint.config(), LlamaWeights.load(checkpoint.config(), checkpoint));
            return new LoadedModel(path, Format.LLAMA2C, model, checkpoint.tensorTypes(), Optional.empty(), checkpoint);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    private static boolean isGguf(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            mapping.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + path, e);
        }
    }
}
