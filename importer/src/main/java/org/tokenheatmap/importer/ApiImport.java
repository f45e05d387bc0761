package org.tokenheatmap.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.tokenheatmap.capture.RunDirectory;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ApiSource;
import org.tokenheatmap.formats.trace.GenerationSettings;
import org.tokenheatmap.formats.trace.ModelInfo;
import org.tokenheatmap.formats.trace.TokenizerInfo;
import org.tokenheatmap.formats.trace.TraceHeader;
import org.tokenheatmap.formats.trace.TraceWriter;

/**
 * {@code heatmap import}: an API response with per-token logprobs becomes a run directory holding {@code trace.json}
 * (trace.schema.json 2.1.0 with {@code source}). What the API could not give stays out or is marked: entropy is a
 * lower bound from the listed alternatives, rank is known only within them, there is no attention and no activations.
 */
public final class ApiImport {
    static final String PRODUCER = "heatmap import 0.1.0";

    private ApiImport() {}

    /**
     * @param format    how the run reads the response: {@code generate}, or {@code score} for an echoed prompt with no
     *                  completion
     */
    public record Result(Path run, ApiFormat format, String mode, int promptTokens, int steps) {}

    /**
     * Imports {@code file} into the run directory {@code out} (which must not exist, or be empty).
     *
     * @param format the response format, or null to tell it from the content
     * @param text   the text the tokens must spell (the completion; an echoed prompt and its completion), or null
     */
    public static Result run(Path file, ApiFormat format, String text, Path out) {
        List<Chunk> chunks = ResponseFile.read(file);
        ApiFormat read = format != null ? format : ApiFormat.detect(file, chunks.getFirst());
        ApiResponse response = read.read(file, chunks);
        ImportedTrace trace = ImportedTrace.of(file, response, text);
        TraceHeader header = new TraceHeader(TraceHeader.SCHEMA_VERSION,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), PRODUCER, source(file, response, trace),
                ModelInfo.api(response.model() == null ? "unknown" : response.model()),
                TokenizerInfo.api(trace.fingerprint()),
                GenerationSettings.imported(trace.mode(), trace.prompt() == null ? "" : trace.prompt(), trace.stopReason()),
                null, trace.promptTokens(), null, null);
        try (RunDirectory dir = RunDirectory.create(out)) {
            try (TraceWriter writer = TraceWriter.create(dir.staging().resolve("trace.json"), header)) {
                trace.steps().forEach(writer::write);
                writer.finish(trace.summary());
            }
            dir.commit();
        }
        return new Result(out.toAbsolutePath().normalize(), read, trace.mode(), trace.promptTokens().size(), trace.steps().size());
    }

    private static ApiSource source(Path file, ApiResponse response, ImportedTrace trace) {
        List<String> unavailable = new ArrayList<>(List.of("attention", "activations", "full_distribution",
                "sampling_settings", "model_details"));
        if (!trace.providerIds()) unavailable.add("token_ids");
        if (trace.prompt() == null) unavailable.add("prompt");
        return ApiSource.of(response.provider().wireName(), response.model(), file.getFileName().toString(), sha256(file),
                response.finishReason(), trace.providerIds() ? ApiSource.PROVIDER_IDS : ApiSource.RUN_LOCAL_IDS,
                trace.maxAlternatives(), unavailable);
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails when the tokens do not spell {@code expected}, naming the first token that departs from it. */
    static void requireSpells(Path file, String decoded, String expected, String what, List<String> places, List<Integer> starts, String otherwisePlace) {
        if (decoded.equals(expected)) return;
        int at = 0;
        int[] a = decoded.codePoints().toArray(), b = expected.codePoints().toArray();
        while (at < a.length && at < b.length && a[at] == b[at]) at++;
        // The first token whose span holds that code point (an empty span holds its start, as in the alignment).
        int token = 0;
        while (token + 1 < starts.size() && Math.max(starts.get(token + 1), starts.get(token) + 1) <= at) token++;
        String place = places.isEmpty() ? otherwisePlace : places.get(token);
        throw new BadInputException(file, place, "the tokens spell " + excerpt(decoded, at) + " but " + what + " has "
                + excerpt(expected, at) + " (they differ at code point " + at + ")");
    }

    private static String excerpt(String s, int codePoint) {
        int[] cps = s.codePoints().toArray();
        int from = Math.max(0, codePoint - 10), to = Math.min(cps.length, codePoint + 20);
        String mid = new String(cps, from, to - from);
        return (from > 0 ? "\"…" : "\"") + mid.replace("\n", "\\n") + (to < cps.length ? "…\"" : "\"");
    }
}
