package org.tokenheatmap.engine.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

/** The independent numpy implementation in src/test/resources/python/gguf_numpy.py, and its raw float32 files. */
public final class NumpyReference {
    private NumpyReference() {}

    /** {@code gguf_numpy.py ARGS...}; returns what it printed. */
    public static String run(Object... args) {
        return Python.script(TestFiles.resource(NumpyReference.class, "/python/gguf_numpy.py"), args).run();
    }

    /** Dequantises every tensor of {@code gguf} with numpy; returns the directory of {@code <name>.f32} files. */
    public static Path dequantizeAll(Path gguf, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        run("dequant", gguf, outDir);
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
