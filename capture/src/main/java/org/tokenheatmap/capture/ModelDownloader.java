package org.tokenheatmap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a {@link KnownModel} into a models directory: streamed into a temporary sibling while hashing, checked
 * against the pinned SHA-256, then renamed into place, so the directory never holds a partial or unverified file.
 */
public final class ModelDownloader {
    /** Progress of one download; {@code total} is -1 when the server does not say. */
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (done, total) -> {};
    }

    private final HttpClient client;

    public ModelDownloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(15)).build());
    }

    ModelDownloader(HttpClient client) {
        this.client = client;
    }

    /** Downloads {@code model} to {@code dir/fileName} and returns that path. */
    public Path download(KnownModel model, Path dir, Progress progress) {
        Path target = dir.resolve(model.fileName());
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + model.fileName(), ".part");
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(model.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("content-length").orElse(-1);
            String actual = copyHashing(response.body(), temp, total, progress);
            if (!actual.equals(model.sha256())) {
                String why = "downloaded " + model.name() + " from " + model.url() + " has SHA-256 " + actual
                        + ", expected " + model.sha256() + "; the file was discarded";
                throw new UncheckedIOException(why, new IOException(why));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + model.name() + " from " + model.url() + " (" + describe(e)
                    + "); without network access, put " + model.fileName() + " into " + dir
                    + " or set HEATMAP_MODELS to a directory that holds it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("download of " + model.name() + " interrupted", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a leftover hidden .part file is harmless and overwritten by the next try
                }
            }
        }
    }

    private static String copyHashing(InputStream body, Path temp, long total, Progress progress) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                progress.update(done, total);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
