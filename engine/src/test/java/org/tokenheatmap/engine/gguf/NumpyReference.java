package org.tokenheatmap.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the independent numpy implementation in src/test/resources/python/gguf_numpy.py. */
public final class NumpyReference {
    private NumpyReference() {}

    public static String run(String... args) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(NumpyReference.class.getResource("/python/gguf_numpy.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "gguf_numpy.py failed: " + err);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Dequantises every tensor of {@code gguf} with numpy; returns the directory of {@code <name>.f32} files. */
    public static Path dequantizeAll(Path gguf, Path outDir) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        run("dequant", gguf.toString(), outDir.toString());
        return outDir;
    }

    public static float[] readF32(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    public static void writeF32(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }
}
