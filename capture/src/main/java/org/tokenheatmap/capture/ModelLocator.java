package org.tokenheatmap.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code --model}: an existing path, or a {@linkplain KnownModel known name} looked up in the models
 * directories (system property {@code heatmap.models}, then env {@code HEATMAP_MODELS}, then
 * {@code ~/.cache/heatmap/models}), as {@code DIR/FILE} or {@code DIR/NAME/FILE}; a known name found nowhere is
 * downloaded into the user cache.
 */
public final class ModelLocator {
    private final List<Path> searchDirs;
    private final Path cacheDir;
    private final ModelDownloader downloader;

    public ModelLocator(List<Path> searchDirs, Path cacheDir, ModelDownloader downloader) {
        this.searchDirs = List.copyOf(searchDirs);
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /** The directories of this machine's configuration (property, environment, user cache). */
    public static ModelLocator fromEnvironment() {
        List<Path> dirs = new ArrayList<>();
        String property = System.getProperty("heatmap.models");
        if (property != null && !property.isBlank()) dirs.add(Path.of(property));
        String env = System.getenv("HEATMAP_MODELS");
        if (env != null && !env.isBlank()) dirs.add(Path.of(env));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "heatmap", "models");
        dirs.add(cache);
        return new ModelLocator(dirs, cache, new ModelDownloader());
    }

    public Path resolve(String spec, ModelDownloader.Progress progress) {
        Path asPath = Path.of(spec);
        // A directory is a Hugging Face safetensors model; LoadedModel.open checks it has config.json.
        if (Files.isRegularFile(asPath) || Files.isDirectory(asPath)) return asPath;
        Optional<KnownModel> known = KnownModel.find(spec);
        if (known.isEmpty()) {
            throw new IllegalArgumentException("--model " + spec + ": no such file, and not a known model name (known: "
                    + KnownModel.REGISTRY.stream().map(KnownModel::name).toList() + ")");
        }
        return findLocally(known.get()).orElseGet(() -> downloader.download(known.get(), cacheDir, progress));
    }

    Optional<Path> findLocally(KnownModel model) {
        for (Path dir : searchDirs) {
            for (Path candidate : List.of(dir.resolve(model.fileName()), dir.resolve(model.name()).resolve(model.fileName()))) {
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
