package org.tokenheatmap.engine.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenheatmap.engine.decoder.Decoder;
import org.tokenheatmap.engine.decoder.DecoderWeights;
import org.tokenheatmap.engine.family.GgufHyperparameters;
import org.tokenheatmap.engine.family.HfConfig;
import org.tokenheatmap.engine.family.ModelFamilies;
import org.tokenheatmap.engine.family.ModelFamily;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufTensors;
import org.tokenheatmap.engine.llama2c.Llama2cCheckpoint;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.LanguageModel;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.safetensors.SafetensorsModel;
import org.tokenheatmap.formats.BadInputException;

/**
 * A model opened from a file or directory, with its family found in the registry and the file kept mapped until
 * {@link #close()}.
 *
 * @param gguf the GGUF file (metadata, embedded tokenizer) when the model came from one
 */
public record LoadedModel(Path path, Format format, ModelFamily family, LanguageModel model,
                          Map<String, String> tensorTypes, Optional<GgufFile> gguf, AutoCloseable mapping)
        implements AutoCloseable {

    public enum Format { GGUF, LLAMA2C, SAFETENSORS }

    /**
     * Opens a Hugging Face safetensors directory (a directory with {@code config.json}), a GGUF file (by its magic) or
     * a llama2.c checkpoint (any other file).
     */
    public static LoadedModel open(Path path) {
        if (SafetensorsModel.isModelDirectory(path)) return openHuggingFace(path);
        if (!Files.isRegularFile(path)) throw new BadInputException(path, "", "no such model file or model directory");
        return isGguf(path) ? openGguf(path) : openLlama2c(path);
    }

    private static LoadedModel openGguf(Path path) {
        GgufFile gguf = GgufFile.open(path);
        try {
            TensorSource file = new GgufTensors(gguf);
            GgufHyperparameters hyper = GgufHyperparameters.of(path, gguf.metadata(), file);
            ModelFamily family = ModelFamilies.forGgufArchitecture(hyper.arch()).orElseThrow(() -> new BadInputException(
                    path, "metadata key general.architecture", "architecture '" + hyper.arch() + "' is not supported (supported: "
                    + String.join(", ", ModelFamilies.ggufArchitectures()) + ")"));
            DecoderConfig config = configured(path, () -> family.configFromGguf(hyper));
            LanguageModel model = build(config, family.canonicalGgufTensors(config, file));
            return new LoadedModel(path, Format.GGUF, family, model, file.tensorTypes(), Optional.of(gguf), gguf);
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    private static LoadedModel openLlama2c(Path path) {
        Llama2cCheckpoint checkpoint = Llama2cCheckpoint.open(path);
        try {
            Llama2cCheckpoint.Header h = checkpoint.header();
            DecoderConfig config = configured(path, () -> ModelFamilies.LLAMA.configFromLlama2c(h.dim(), h.hiddenDim(),
                    h.layers(), h.heads(), h.kvHeads(), h.vocabSize(), h.seqLen()));
            return new LoadedModel(path, Format.LLAMA2C, ModelFamilies.LLAMA, build(config, checkpoint),
                    checkpoint.tensorTypes(), Optional.empty(), checkpoint);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    private static LoadedModel openHuggingFace(Path directory) {
        HfConfig hf = HfConfig.read(directory.resolve(SafetensorsModel.CONFIG));
        ModelFamily family = ModelFamilies.forHuggingFaceModelType(hf.modelType()).orElseThrow(() -> hf.bad("model_type",
                "model type '" + hf.modelType() + "' is not supported (supported: "
                        + String.join(", ", ModelFamilies.huggingFaceModelTypes()) + ")"));
        DecoderConfig config = configured(hf.file(), () -> family.configFromHuggingFace(hf));
        SafetensorsModel checkpoint = SafetensorsModel.open(directory);
        // Converted copies (transposes, permutations) live as long as the mapping.
        Arena converted = Arena.ofShared();
        AutoCloseable mapping = () -> {
            checkpoint.close();
            converted.close();
        };
        try {
            LanguageModel model = build(config, family.canonicalHuggingFaceTensors(config, hf, checkpoint, converted));
            return new LoadedModel(directory, Format.SAFETENSORS, family, model, checkpoint.tensorTypes(), Optional.empty(), mapping);
        } catch (RuntimeException e) {
            checkpoint.close();
            converted.close();
            throw e;
        }
    }

    /** A family's configuration, with the decoder's own range checks reported against the file. */
    private static DecoderConfig configured(Object file, java.util.function.Supplier<DecoderConfig> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "", "unusable model configuration: " + e.getMessage());
        }
    }

    private static LanguageModel build(DecoderConfig config, TensorSource canonical) {
        return new Decoder(config, DecoderWeights.load(config, canonical));
    }

    /** The Hugging Face {@code tokenizer.json} shipped in a safetensors model directory, when there is one. */
    public Optional<Path> huggingFaceTokenizer() {
        Path p = path.resolve("tokenizer.json");
        return format == Format.SAFETENSORS && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    public DecoderConfig config() {
        return model.config();
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
        return List.copyOf(files);
    }

    private static boolean isGguf(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
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
