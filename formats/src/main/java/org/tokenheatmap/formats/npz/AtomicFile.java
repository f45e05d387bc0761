package org.tokenheatmap.formats.npz;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file that appears complete or not at all: bytes go to a temporary sibling, which {@link #commit()} fsyncs and
 * atomically renames onto the target. Closing without committing deletes the temporary file, so a crash or an
 * exception never leaves a half-written target behind.
 */
public final class AtomicFile implements AutoCloseable {

    /** When the bytes reach the disk. */
    public enum Durability {
        /** {@link #commit()} fsyncs the file before the rename and the directory after it. */
        SYNC,
        /**
         * {@link #commit()} still writes to a temporary sibling and renames, but leaves the fsyncs to the caller: for
         * files inside a directory that is itself published atomically, whose publisher syncs every file (and
         * directory) once before its own rename, instead of paying one fsync per file.
         */
        DEFERRED
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Durability durability;
    private boolean committed;

    private AtomicFile(Path target, Path temp, FileChannel channel, Durability durability) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.durability = durability;
    }

    public static AtomicFile create(Path target) throws IOException {
        return create(target, Durability.SYNC);
    }

    public static AtomicFile create(Path target, Durability durability) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        // The sibling lives in the same directory so that the rename stays on one file system and is atomic.
        Path temp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            // createTempFile makes the file owner-only; the finished file should be readable like any other output.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix"))
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ), durability);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The temporary file's channel, positioned at 0; write and seek freely until {@link #commit()}. */
    public FileChannel channel() { return channel; }

    /**
     * Flushes the data to disk, renames the temporary file onto the target and syncs the directory entry; with
     * {@link Durability#DEFERRED} only renames.
     */
    public void commit() throws IOException {
        boolean sync = durability == Durability.SYNC;
        if (sync) channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        if (sync) syncDirectory(target.getParent());
    }

    /** Forces a directory's entries (created and renamed files) to disk where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename itself is still atomic there.
        }
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
