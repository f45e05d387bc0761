package org.tokenheatmap.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.llama2c.Llama2cCheckpoint;
import org.tokenheatmap.engine.safetensors.SafetensorsModel;
import org.tokenheatmap.formats.BadInputException;

/**
 * A model opened from a file, with the file kept mapped until {@link #close()}.
 *
 * @param gguf the GGUF file (metadata, embedded tokenizer) when the model came from one
 */
public record LoadedModel(Path path, Format format, LlamaModel model, Map<String, String> tensorTypes,
                          Optional<GgufFile> gguf, AutoCloseable mapping) implements AutoCloseable {

    public enum Format { GGUF, LLAMA2C, SAFETENSORS }

    /**
     * Opens a Hugging Face safetensors directory (a directory with {@code config.json}), a GGUF file (by its magic) or
     * a llama2.c checkpoint (any other file).
     */
    public static LoadedModel open(Path path) {
        if (SafetensorsModel.isModelDirectory(path)) return openSafetensors(path);
        if (!Files.isRegularFile(path)) throw new BadInputException(path, "", "no such model file or model directory");
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

    private static LoadedModel openSafetensors(Path directory) {
        SafetensorsModel hf = SafetensorsModel.open(directory);
        try {
            LlamaModel model = new LlamaModel(hf.config(), LlamaWeights.load(hf.config(), hf));
            return new LoadedModel(directory, Format.SAFETENSORS, model, hf.tensorTypes(), Optional.empty(), hf);
        } catch (RuntimeException e) {
            hf.close();
            throw e;
        }
    }

    /** The Hugging Face {@code tokenizer.json} shipped in a safetensors model directory, when there is one. */
    public Optional<Path> huggingFaceTokenizer() {
        Path p = path.resolve("tokenizer.json");
        return format == Format.SAFETENSORS && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The files whose bytes identify the model, in a fixed order (for a content hash): the file itself, or a
     * directory's {@code config.json} followed by its safetensors files sorted by name.
     */
    public List<Path> contentFiles() {
        if (format != Format.SAFETENSORS) return List.of(path);
        List<Path> files = new ArrayList<>(List.of(path.resolve(SafetensorsModel.CONFIG)));
        try (var listing = Files.list(path)) {
            listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(files::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
        return List.copyOf(files);
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
