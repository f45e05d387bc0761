package org.tokenheatmap.engine.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Maps a whole weight file (GGUF, llama2.c checkpoint) read-only into a new shared arena and hands both to a parser,
 * which keeps the arena open for the tensors it returns; the arena is closed if mapping or parsing fails.
 */
public final class MappedFiles {

    /** Builds the file's object over its mapping; owns {@code arena} from then on. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Path path, Arena arena, MemorySegment file);
    }

    private MappedFiles() {}

    public static <T> T map(Path path, Parser<T> parser) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return parser.parse(path, arena, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena));
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
