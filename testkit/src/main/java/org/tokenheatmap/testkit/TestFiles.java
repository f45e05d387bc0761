package org.tokenheatmap.testkit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the tests find their files: the repository (system property {@code heatmap.repo}, which surefire sets in the
 * parent pom), the shared model files ({@code heatmap.models}, else the environment variable {@code HEATMAP_MODELS},
 * else {@code ../shared/models} beside the repository) and a test class's own resources. A missing file fails the
 * test with its path and how to provide it: CI always has the shared files, so a skip would only hide a broken setup.
 */
public final class TestFiles {
    private TestFiles() {}

    /** The repository's root directory. */
    public static Path repo() {
        String configured = System.getProperty("heatmap.repo");
        if (configured != null) return Path.of(configured).toAbsolutePath().normalize();
        // Outside Maven (an IDE) a test runs in its module's directory or in the repository's.
        Path here = Path.of("").toAbsolutePath();
        return Stream.of(here, here.getParent()).filter(Objects::nonNull)
                .filter(dir -> Files.isRegularFile(dir.resolve("testkit/pom.xml"))).findFirst()
                .orElseThrow(() -> new AssertionError("cannot find the repository from " + here
                        + ": set -Dheatmap.repo (the parent pom's surefire configuration does)"));
    }

    /** A file or directory of the repository, given relative to its root. */
    public static Path repo(String relative) {
        Path path = repo().resolve(relative);
        if (!Files.exists(path)) throw new AssertionError("the repository has no " + path);
        return path;
    }

    /** The JSON schemas that formats ships (the source files, readable by Python). */
    public static Path schemas() {
        return repo("formats/src/main/resources/org/tokenheatmap/formats/schemas");
    }

    /** The shared model files' directory. */
    public static Path models() {
        String configured = System.getProperty("heatmap.models", System.getenv("HEATMAP_MODELS"));
        Path dir = configured != null ? Path.of(configured) : repo().resolve("../shared/models");
        return dir.toAbsolutePath().normalize();
    }

    /** A file or directory of the shared models, given relative to their directory. */
    public static Path model(String relative) {
        Path path = models().resolve(relative);
        if (!Files.exists(path)) {
            throw new AssertionError(path + " is missing: the tests read the shared model files from ../shared/models"
                    + " beside the repository (CI always has it); set -Dheatmap.models or HEATMAP_MODELS to use another copy");
        }
        return path;
    }

    /** TinyStories 260K (5 layers, F32) as GGUF, tokenizer included. */
    public static Path stories260kGguf() {
        return model("stories260K/stories260K.gguf");
    }

    /** The same model as a llama2.c checkpoint. */
    public static Path stories260kBin() {
        return model("stories260K/stories260K.bin");
    }

    /** Its 512-token tokenizer in llama2.c's tokenizer.bin form. */
    public static Path tok512() {
        return model("stories260K/tok512.bin");
    }

    /** Greedy generations of stories260K from an independent float64 implementation. */
    public static Path goldenGreedy() {
        return model("stories260K/golden_greedy.json");
    }

    /** The Llama 2 tokenizer (32,000 tokens) in llama2.c's tokenizer.bin form. */
    public static Path llama2Tokenizer() {
        return model("llama2-tokenizer/tokenizer.bin");
    }

    /** llama.cpp's tokenizer test vectors (ggml-vocab-*.gguf.inp / .out). */
    public static Path tokenizerVectors() {
        return model("tokenizer-vectors");
    }

    /** A resource of {@code anchor}'s module's own tests (a directory on the class path), as a file. */
    public static Path resource(Class<?> anchor, String name) {
        URL url = anchor.getResource(name);
        if (url == null) throw new AssertionError("no resource " + name + " on the class path of " + anchor.getName());
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | FileSystemNotFoundException e) {
            throw new AssertionError("resource " + url + " is not a file", e);
        }
    }
}
