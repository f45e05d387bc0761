package org.tokenheatmap.importer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.engine.tokenizer.TokenBytesDecoder;
import org.tokenheatmap.engine.tokenizer.TokenPiece;
import org.tokenheatmap.formats.trace.Alternative;
import org.tokenheatmap.formats.trace.PromptToken;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;

/**
 * An {@link ApiResponse} as trace records. An echoed prompt becomes prompt tokens with their own logprobs; echoed with
 * no completion (a text scored through the API) it is a score-mode run like {@code capture --score-text}: its first
 * token, which nothing predicts, is the prompt and the rest are steps. Token text comes from the bytes, offsets follow
 * the product's rule through {@link TokenBytesDecoder}, ids are the provider's or numbered here (see {@link Ids}).
 *
 * @param prompt the prompt text, or null when the response does not carry it
 */
record ImportedTrace(String mode, String prompt, String stopReason, List<PromptToken> promptTokens, List<Step> steps,
                     Summary summary, String fingerprint, boolean providerIds, int maxAlternatives) {

    static ImportedTrace of(Path file, ApiResponse r, String expectedText) {
        boolean score = !r.echoed().isEmpty() && r.tokens().isEmpty();
        List<ApiToken> prompt = score ? r.echoed().subList(0, 1) : r.echoed();
        List<ApiToken> scored = score ? r.echoed().subList(1, r.echoed().size()) : r.tokens();
        Ids ids = Ids.of(r, prompt, scored);

        TokenBytesDecoder decoder = new TokenBytesDecoder();
        List<String> places = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<PromptToken> promptTokens = new ArrayList<>();
        for (ApiToken t : prompt) {
            TokenPiece piece = decode(decoder, ids, t, places, starts);
            Scores s = t.logprob() == null ? null : Scores.of(t, ids);
            promptTokens.add(new PromptToken(promptTokens.size(), ids.of(t.bytes(), t.id()), piece.piece(),
                    s == null ? null : t.logprob(), s == null ? null : s.entropy(), s == null ? null : s.rank(),
                    s == null ? null : s.topK()));
        }
        int promptCodePoints = decoder.codePointLength();
        List<Step> steps = new ArrayList<>();
        double logprobSum = 0, entropySum = 0;
        int maxAlternatives = 0;
        for (ApiToken t : scored) {
            TokenPiece piece = decode(decoder, ids, t, places, starts);
            Scores s = Scores.of(t, ids);
            steps.add(new Step(steps.size(), ids.of(t.bytes(), t.id()), piece.piece(), Math.max(0, piece.offset() - promptCodePoints),
                    t.logprob(), Math.min(1.0, Math.exp(t.logprob())), s.entropy(), s.rank(), s.topK(), null, null, null));
            logprobSum += t.logprob();
            entropySum += s.entropy();
        }
        for (ApiToken t : r.echoed()) maxAlternatives = Math.max(maxAlternatives, t.alternatives().size());
        for (ApiToken t : r.tokens()) maxAlternatives = Math.max(maxAlternatives, t.alternatives().size());
        String decoded = decoder.finish();
        if (r.text() != null)
            ApiImport.requireSpells(file, decoded, r.text(), r.textPlace(), places, starts, r.textPlace());
        if (expectedText != null)
            ApiImport.requireSpells(file, decoded, expectedText, "--text", places, starts, "");
        String stepsText = decoded.substring(decoded.offsetByCodePoints(0, Math.min(promptCodePoints, decoded.codePointCount(0, decoded.length()))));
        int n = steps.size();
        Double mean = n == 0 ? null : logprobSum / n;
        Summary summary = new Summary(promptTokens.size(), n, mean, mean == null ? null : Math.exp(-mean),
                n == 0 ? null : entropySum / n, null, null, null, null, stepsText);
        String promptText = score ? decoded : r.prompt();
        return new ImportedTrace(score ? "score" : "generate", promptText, score ? "end_of_text" : stopReason(r.finishReason()),
                promptTokens, steps, summary, ids.fingerprint(r), ids.provider(), maxAlternatives);
    }

    private static TokenPiece decode(TokenBytesDecoder decoder, Ids ids, ApiToken t, List<String> places, List<Integer> starts) {
        starts.add(decoder.codePointLength());
        places.add(t.place());
        return decoder.append(ids.of(t.bytes(), t.id()), t.bytes());
    }

    /** trace.schema.json's stop reasons for the APIs' finish reasons. */
    static String stopReason(String finish) {
        if (finish == null) return "other";
        return switch (finish) {
            case "length", "limit", "MAX_TOKENS" -> "max_new_tokens";
            case "eos" -> "eos";
            case "word" -> "stop_string";
            case "stop", "STOP" -> "stop";
            default -> "other";
        };
    }

    /** Entropy bound, rank within the alternatives, and the alternatives sorted by descending logprob. */
    private record Scores(double entropy, int rank, List<Alternative> topK) {
        static Scores of(ApiToken t, Ids ids) {
            int chosen = ids.of(t.bytes(), t.id());
            List<Alternative> topK = new ArrayList<>();
            for (ApiToken.Candidate c : t.alternatives())
                topK.add(new Alternative(ids.of(c.bytes(), c.id()), TokenBytesDecoder.standalone(c.bytes()), c.logprob()));
            topK.sort(Comparator.comparingDouble(Alternative::logprob).reversed());
            int rank = topK.size() + 1;
            for (int i = 0; i < topK.size(); i++) {
                if (topK.get(i).tokenId() == chosen) {
                    rank = i + 1;
                    break;
                }
            }
            double entropy = TopKBounds.entropyLowerBound(topK.stream().map(Alternative::logprob).toList(),
                    t.logprob(), rank <= topK.size());
            return new Scores(entropy, rank, topK);
        }
    }

    /**
     * Token ids: the provider's when every token and alternative has one (llama.cpp server, Gemini); otherwise, since
     * the API gives none (OpenAI, Ollama), this run's distinct token byte strings numbered in order of first appearance
     * — prompt tokens, then steps, each token before its alternatives. Those run-local ids mean nothing elsewhere, so
     * the fingerprint hashes the table: two traces share it only when their ids mean the same.
     */
    private record Ids(boolean provider, Map<ByteBuffer, Integer> table) {
        static Ids of(ApiResponse r, List<ApiToken> prompt, List<ApiToken> scored) {
            List<ApiToken> all = new ArrayList<>(prompt);
            all.addAll(scored);
            boolean provider = !all.isEmpty() && all.stream().allMatch(t -> t.id() != null
                    && t.alternatives().stream().allMatch(c -> c.id() != null));
            Map<ByteBuffer, Integer> table = new LinkedHashMap<>();
            if (!provider) {
                for (ApiToken t : all) {
                    table.putIfAbsent(ByteBuffer.wrap(t.bytes()), table.size());
                    for (ApiToken.Candidate c : t.alternatives()) table.putIfAbsent(ByteBuffer.wrap(c.bytes()), table.size());
                }
            }
            return new Ids(provider, table);
        }

        int of(byte[] bytes, Integer providerId) {
            return provider ? providerId : table.get(ByteBuffer.wrap(bytes));
        }

        String fingerprint(ApiResponse r) {
            if (provider) return "api:" + r.provider().wireName() + ":" + (r.model() == null ? "unknown" : r.model());
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (ByteBuffer token : table.keySet()) {
                    sha.update(ByteBuffer.allocate(4).putInt(token.remaining()).array());
                    sha.update(token.duplicate());
                }
                return "api-run-local:" + HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
