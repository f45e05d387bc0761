package org.tokenheatmap.engine.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared model files through the {@code heatmap.models} system property. */
public final class TestModels {

    private TestModels() {}

    public static Path models() {
        String dir = System.getProperty("heatmap.models", System.getenv("HEATMAP_MODELS"));
        assumeTrue(dir != null, "heatmap.models is not set");
        return Path.of(dir);
    }

    public static Path stories(String file) {
        Path p = models().resolve("stories260K").resolve(file);
        assumeTrue(Files.isRegularFile(p), p + " is missing");
        return p;
    }

    /** Softmax in double precision. */
    public static double[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += p[i] = Math.exp(logits[offset + i] - max);
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }
}
