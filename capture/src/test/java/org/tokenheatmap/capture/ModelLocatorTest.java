package org.tokenheatmap.capture;

import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.testkit.TestFiles;

import static org.junit.jupiter.api.Assertions.*;

/** Name resolution and the download path, against a local HTTP server serving the real stories260K file. */
class ModelLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void knownNameIsFoundInAModelsDirectoryLayout() {
        ModelLocator locator = new ModelLocator(List.of(tmp, TestFiles.models()), tmp.resolve("cache"), new ModelDownloader());
        assertEquals(TestFiles.stories260kGguf(), locator.resolve("stories260K", ModelDownloader.Progress.NONE));
        assertEquals(TestFiles.stories260kGguf(), locator.resolve(TestFiles.stories260kGguf().toString(), ModelDownloader.Progress.NONE));
        var e = assertThrows(IllegalArgumentException.class, () -> locator.resolve("no-such-model", ModelDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains("stories260K"), e.getMessage());
    }

    @Test
    void downloadVerifiesThePinnedHashAndRenamesIntoPlace() throws Exception {
        byte[] file = Files.readAllBytes(TestFiles.stories260kGguf());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good.gguf", x -> {
            x.sendResponseHeaders(200, file.length);
            try (var out = x.getResponseBody()) { out.write(file); }
        });
        server.createContext("/bad.gguf", x -> {
            byte[] corrupt = file.clone();
            corrupt[1000] ^= 1;
            x.sendResponseHeaders(200, corrupt.length);
            try (var out = x.getResponseBody()) { out.write(corrupt); }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            KnownModel pinned = KnownModel.find("stories260K").orElseThrow();
            Path cache = tmp.resolve("cache");
            KnownModel bad = new KnownModel("x", "x.gguf", URI.create(base + "/bad.gguf"), pinned.sha256());
            var e = assertThrows(UncheckedIOException.class, () -> new ModelDownloader().download(bad, cache, ModelDownloader.Progress.NONE));
            assertTrue(e.getMessage().contains("expected " + pinned.sha256()), e.getMessage());
            assertEquals(List.of(), listing(cache));

            KnownModel good = new KnownModel("x", "x.gguf", URI.create(base + "/good.gguf"), pinned.sha256());
            AtomicLong last = new AtomicLong();
            Path got = new ModelDownloader().download(good, cache, (done, total) -> { assertEquals(file.length, total); last.set(done); });
            assertEquals(file.length, last.get());
            assertArrayEquals(file, Files.readAllBytes(got));
            assertEquals(List.of("x.gguf"), listing(cache));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void offlineDownloadFailsWithAClearMessage() throws Exception {
        KnownModel unreachable = new KnownModel("stories260K", "stories260K.gguf", URI.create("http://127.0.0.1:1/stories260K.gguf"),
                KnownModel.find("stories260K").orElseThrow().sha256());
        Path cache = tmp.resolve("cache");
        var e = assertThrows(UncheckedIOException.class, () -> new ModelDownloader().download(unreachable, cache, ModelDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains("cannot download stories260K") && e.getMessage().contains("HEATMAP_MODELS"), e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
