package org.tokenheatmap.formats.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What {@code heatmap validate} does: files given by path or found under directories, each validated by
 * the first {@link FileKindValidator} that recognises its content. Within a directory, unrecognised files
 * are skipped with a note and hidden entries (such as a writer's temporary files) are ignored; a file
 * given explicitly that no validator recognises is a problem.
 */
public final class PathsValidator {
    /** How many leading bytes validators see to recognise a file. */
    public static final int HEAD_BYTES = 64 * 1024;

    private final List<FileKindValidator> kinds;

    public PathsValidator(List<FileKindValidator> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** All kinds on the class path (formats' JSON and sidecar kinds, t3's JSONL, ...). */
    public static PathsValidator fromServiceLoader() {
        return new PathsValidator(ServiceLoader.load(FileKindValidator.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /**
     * Result for one file.
     *
     * @param kind     the recognised kind, or null when none recognised it
     * @param skipped  true for an unrecognised file found inside a directory
     * @param problems empty when valid
     */
    public record FileResult(Path file, String kind, boolean skipped, List<Problem> problems) {
        public boolean valid() {
            return !skipped && problems.isEmpty();
        }
    }

    /** Validates every path, handing each file's result to {@code sink} as soon as it is known. */
    public void validate(List<Path> paths, Consumer<FileResult> sink) {
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(f -> !hidden(path, f) && Files.isRegularFile(f)).sorted()
                            .forEach(f -> sink.accept(validateFile(f, false)));
                } catch (IOException | UncheckedIOException e) {
                    sink.accept(new FileResult(path, null, false, List.of(new Problem(path.toString(), "", "cannot list: " + e.getMessage()))));
                }
            } else {
                sink.accept(validateFile(path, true));
            }
        }
    }

    /** Validates one file; {@code explicit} files that no kind recognises are reported rather than skipped. */
    public FileResult validateFile(Path file, boolean explicit) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return new FileResult(file, null, false, List.of(new Problem(file.toString(), "", "cannot read: " + e.getMessage())));
        }
        for (FileKindValidator kind : kinds) {
            if (kind.recognises(file, head)) {
                return new FileResult(file, kind.kind(), false, runValidator(kind, file));
            }
        }
        return explicit
                ? new FileResult(file, null, false, List.of(new Problem(file.toString(), "",
                        "not a file kind heatmap knows (known: " + kinds.stream().map(FileKindValidator::kind).toList() + ")")))
                : new FileResult(file, null, true, List.of());
    }

    private static List<Problem> runValidator(FileKindValidator kind, Path file) {
        try {
            return kind.validate(file);
        } catch (RuntimeException e) {
            // A validator must not throw; if one does, the user still gets a line for the file, not a stack trace.
            return List.of(new Problem(file.toString(), "", kind.kind() + " validator failed: " + e));
        }
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
