package org.tokenheatmap.viewer;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A server-sent-event subscriber for tests: parses {@code event:/data:/id:} blocks off the wire into a queue. */
final class SseEvents implements AutoCloseable {
    record Event(String name, String id, JsonNode data) {
        int session() {
            return Integer.parseInt(id.substring(0, id.indexOf('-')));
        }
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseEvents(Http http, String path) {
        response = Http.CLIENT.sendAsync(HttpRequest.newBuilder(http.uri(path)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            String[] block = new String[3];
            StringBuilder data = new StringBuilder();
            r.body().forEach(line -> {
                if (line.startsWith("event:")) block[0] = line.substring(6).strip();
                else if (line.startsWith("id:")) block[1] = line.substring(3).strip();
                else if (line.startsWith("data:")) data.append(line.substring(5).strip());
                else if (line.isEmpty() && block[0] != null) {
                    queue.add(new Event(block[0], block[1], Json.MAPPER.readTree(data.toString())));
                    block[0] = block[1] = null;
                    data.setLength(0);
                }
            });
        });
    }

    /** The next event of {@code session} (earlier sessions' replayed events are skipped). */
    Event next(int session, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Event e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) throw new AssertionError("no event of session " + session + " within " + timeoutSeconds + " s");
            if (e.session() == session) return e;
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
