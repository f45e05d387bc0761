package org.tokenheatmap.capture;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A model that {@code --model NAME} can name: its file name in the models directory, where to download it and the
 * SHA-256 the download must have.
 */
public record KnownModel(String name, String fileName, URI url, String sha256) {
    public KnownModel {
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("bad sha256 for " + name);
    }

    /** The registry. The stories260K hash is that of the file in ggml-org/tiny-llamas (see models/SHA256SUMS). */
    public static final List<KnownModel> REGISTRY = List.of(
            new KnownModel("stories260K", "stories260K.gguf",
                    URI.create("https://huggingface.co/ggml-org/tiny-llamas/resolve/main/stories260K.gguf"),
                    "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"));

    /** The default model of {@code heatmap demo}. */
    public static final String DEFAULT = "stories260K";

    public static Optional<KnownModel> find(String name) {
        return REGISTRY.stream().filter(m -> m.name.equals(name)).findFirst();
    }
}
