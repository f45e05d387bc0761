package org.tokenheatmap.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.TestFiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The viewer bench, run on demand only: {@code mvn -pl viewer -Dheatmap.viewer.bench=true -Dtest=ViewerBenchTest verify}.
 * Writes a 4,096-step trace with 16 layers × 16 heads of inline attention summaries, serves it, and runs
 * viewer/ui/e2e/bench.mjs in headless chromium. Prints its measurements; asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "heatmap.viewer.bench", matches = "true")
class ViewerBenchTest {
    @TempDir
    Path tmp;

    @Test
    void bench() throws Exception {
        long t0 = System.nanoTime();
        RunFixture.generated(11).promptTokens(16).steps(4096).layers(16).heads(16, 4).hiddenDim(64).topK(5, 3).sidecars(false)
                .build().write(tmp.resolve("bench"));
        long written = System.nanoTime();
        System.out.printf("fixture: %d MB trace.json written in %.1f s%n",
                Files.size(tmp.resolve("bench/trace.json")) >> 20, (written - t0) / 1e9);
        try (ViewerServer server = ViewerServer.start(tmp, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port();
            long l0 = System.nanoTime();
            HttpResponse<String> header = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/trace/header?run=bench")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, header.statusCode(), header.body());
            System.out.printf("server: first load of the run (streaming parse) %.1f s%n", (System.nanoTime() - l0) / 1e9);
            String out = Node.script(BrowserScript.ui(), "e2e/bench.mjs", base, "bench", "3")
                    .withTimeout(Duration.ofSeconds(300)).run();
            System.out.println("bench: " + out.strip());
            Files.writeString(TestFiles.repo().resolve("viewer/target/viewer-bench.txt"), out);
        }
    }
}
