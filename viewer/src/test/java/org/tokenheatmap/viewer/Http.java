package org.tokenheatmap.viewer;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny HTTP client for the API tests: GET, and POST with a JSON (or other) body. */
record Http(int port) {
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, "application/json", json);
    }

    /** The body of a 200 answer (fails the test with the body otherwise). */
    static JsonNode ok(HttpResponse<String> r) {
        org.junit.jupiter.api.Assertions.assertEquals(200, r.statusCode(), r.uri() + " -> " + r.body());
        return body(r);
    }

    static JsonNode body(HttpResponse<String> r) {
        return Json.MAPPER.readTree(r.body());
    }
}
