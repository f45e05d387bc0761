package org.tokenheatmap.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.tokenheatmap.engine.tokenizer.Gpt2EncoderLoader;
import org.tokenheatmap.engine.tokenizer.HuggingFaceTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Tokenizer;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./bench.sh tokenizer [KB]}: encodes and decodes a generated mixed-script text (default 1024 KB: words,
 * random letter strings, numbers, CJK, emoji, whitespace runs) with the Llama 2 SentencePiece, GPT-2 and
 * Llama 3 tokenizers; best of 5 after warm-up, each run on a fresh tokenizer so its word cache starts empty. Peers, on a 128 KB prefix of the same text: the JavaScript
 * references in tools/js-reference ({@code @lenml/tokenizers} for Llama 3, {@code gpt-3-encoder} for GPT-2; best of 3),
 * when {@code npm ci} has been run there.
 */
public final class TokenizerBench {
    private static final int PEER_KB = 128;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int kb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Path models = Path.of(System.getenv().getOrDefault("HEATMAP_MODELS", "../shared/models"));
        Path js = Path.of("tools/js-reference");
        String text = text(kb * 1024);
        String peerText = text(PEER_KB * 1024);
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %12s %10s   %s%n", "tokenizer", "encode ms", "decode ms", "tokens", "MB/s", "peer (" + PEER_KB + " KB)");
        Vocabulary llama2 = Llama2cTokenizerLoader.load(models.resolve("llama2-tokenizer/tokenizer.bin"));
        row("llama2 spm " + kb + " KB", llama2, text, "");
        if (!Files.isDirectory(js.resolve("node_modules"))) {
            System.out.println("(run 'npm ci' in tools/js-reference for the GPT-2 and Llama 3 rows and their peers)");
            return;
        }
        JsonNode paths = JSON.readTree(node(js, "paths", "[]"));
        Vocabulary gpt2 = Gpt2EncoderLoader.load(Path.of(paths.get("gpt2EncoderJson").asString()),
                Path.of(paths.get("gpt2VocabBpe").asString()));
        Vocabulary llama3 = HuggingFaceTokenizerLoader.load(Path.of(paths.get("llama3TokenizerJson").asString()));
        row("gpt2 bpe " + kb + " KB", gpt2, text, "");
        row("gpt2 bpe " + PEER_KB + " KB", gpt2, peerText, peer(js, "speed-gpt2", peerText, "gpt-3-encoder"));
        row("llama3 bpe " + kb + " KB", llama3, text, "");
        row("llama3 bpe " + PEER_KB + " KB", llama3, peerText, peer(js, "speed-llama3", peerText, "@lenml/tokenizers"));
    }

    private static void row(String name, Vocabulary vocabulary, String text, String peer) {
        Tokenizer.of(vocabulary).encode(text.substring(0, Math.min(text.length(), 50_000)), false, false);
        long bestEncode = Long.MAX_VALUE, bestDecode = Long.MAX_VALUE;
        int[] ids = null;
        for (int run = 0; run < 5; run++) {
            Tokenizer tokenizer = Tokenizer.of(vocabulary);
            long start = System.nanoTime();
            ids = tokenizer.encode(text, false, false);
            bestEncode = Math.min(bestEncode, System.nanoTime() - start);
            start = System.nanoTime();
            String decoded = tokenizer.decode(ids).text();
            bestDecode = Math.min(bestDecode, System.nanoTime() - start);
            if (!decoded.equals(text)) throw new IllegalStateException(name + ": decode(encode(text)) != text");
        }
        double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
        System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %12d %10.2f   %s%n",
                name, bestEncode / 1e6, bestDecode / 1e6, ids.length, mb / (bestEncode / 1e9), peer);
    }

    private static String peer(Path js, String command, String text, String label) throws IOException, InterruptedException {
        JsonNode r = JSON.readTree(node(js, command, text));
        return String.format(Locale.ROOT, "%s: %.1f ms, %d tokens", label, r.get("millis").asDouble(), r.get("tokens").asInt());
    }

    /** A deterministic mixed-script text of about {@code bytes} UTF-8 bytes. */
    static String text(int bytes) {
        List<String> words = List.of("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "I'm", "they'll",
                "Straße", "naïve", "日本語", "中文文本", "한국어", "Привет", "مرحبا", "🦙", "👨‍👩‍👧", "🎉", "3.14159", "2024",
                "def", "return", "{", "}", "(x)", "+=", "//", "\n", "\n\n", "\t", "    ");
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder();
        int size = 0;
        while (size < bytes) {
            String word = random.nextInt(5) == 0 ? randomLetters(random) : words.get(random.nextInt(words.size()));
            String piece = (random.nextInt(4) == 0 ? "" : " ") + word;
            sb.append(piece);
            size += piece.getBytes(StandardCharsets.UTF_8).length;
        }
        return sb.toString();
    }

    private static String randomLetters(Random random) {
        char[] chars = new char[random.nextInt(2, 10)];
        for (int i = 0; i < chars.length; i++) chars[i] = (char) ('a' + random.nextInt(26));
        return new String(chars);
    }

    private static String node(Path dir, String command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", "reference.mjs", command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("node reference.mjs " + command + " failed");
        return out;
    }
}
