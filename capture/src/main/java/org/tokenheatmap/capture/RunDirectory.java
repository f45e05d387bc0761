package org.tokenheatmap.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.tokenheatmap.formats.npz.AtomicFile;

/**
 * A run directory under construction: everything is written into a temporary sibling {@code RUN.tmp-xxxx} that
 * {@link #commit()} renames onto {@code RUN}. Closing without committing deletes the sibling, so a failed capture
 * leaves nothing, and one killed outright leaves only a {@code .tmp-} sibling, never a half-written {@code RUN}.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    private RunDirectory(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /** Refuses a target that exists and is not an empty directory. */
    public static RunDirectory create(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        requireFree(abs);
        try {
            Files.createDirectories(abs.getParent());
            Path temp = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".tmp-");
            // createTempDirectory makes it owner-only; a run directory should be readable like the files inside it.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return new RunDirectory(abs, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory beside " + abs + ": " + e.getMessage(), e);
        }
    }

    static void requireFree(Path target) {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new IllegalArgumentException(target + ": exists and is not a directory; choose another --out");
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) throw new IllegalArgumentException(target + ": exists and is not empty; choose another --out");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where files go until the commit. */
    public Path staging() {
        return temp;
    }

    public Path target() {
        return target;
    }

    /**
     * Publishes the run: forces every file and directory under the staging directory to disk (sidecars are written
     * without their own fsync), then renames it onto the target and syncs the parent's entry, so that after a crash
     * the target is either absent or complete.
     */
    public void commit() {
        try {
            syncTree(temp);
            if (Files.isDirectory(target)) Files.delete(target); // empty, checked on create
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            committed = true;
            AtomicFile.syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + temp + " as " + target + ": " + e.getMessage(), e);
        }
    }

    /** One fsync per file, then per directory (children first, so each directory's entries are final when synced). */
    private static void syncTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.force(true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) throw exc;
                AtomicFile.syncDirectory(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        if (!committed) deleteTree(temp);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
