package org.tokenheatmap.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPT-2 byte-level BPE as llama.cpp's llm_tokenizer_bpe does it: special tokens are cut out, the regex
 * pre-tokenizer splits the rest, each pre-token's UTF-8 bytes are mapped to {@link ByteLevel} characters and
 * merged pair by pair in merge-rank order (leftmost first on ties), using a priority queue over a linked list.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final int CACHE_LIMIT = 1 << 16;

    private final Vocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final Map<String, Integer> idsByText;
    private final Map<String, Integer> mergeRanks;
    private final int[] byteTokens = new int[256];
    private final SpecialTokenSplitter userDefinedOnly;
    private final SpecialTokenSplitter allSpecial;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();
    private volatile String fingerprint;

    BpeTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.preTokenizer = PreTokenizer.forGgufName(vocabulary.preTokenizer());
        this.idsByText = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) idsByText.put(vocabulary.token(id), id);
        this.mergeRanks = new HashMap<>(vocabulary.merges().size() * 2);
        for (int rank = 0; rank < vocabulary.merges().size(); rank++) {
            String merge = vocabulary.merges().get(rank);
            if (merge.indexOf(' ', 1) < 0) throw new IllegalArgumentException("merge " + rank + " '" + merge + "' is not 'left right'");
            mergeRanks.putIfAbsent(merge, rank);
        }
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = idsByText.getOrDefault(String.valueOf(ByteLevel.charOf(b)), vocabulary.special().unk());
        }
        this.userDefinedOnly = new SpecialTokenSplitter(vocabulary, false);
        this.allSpecial = new SpecialTokenSplitter(vocabulary, true);
    }

    @Override public Vocabulary vocabulary() { return vocabulary; }

    public PreTokenizer preTokenizer() { return preTokenizer; }

    @Override public boolean stripsSpaceAfterBos() { return false; }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList();
        SpecialTokens special = vocabulary.special();
        if (addSpecial && vocabulary.addBos() && special.bos() != SpecialTokens.NONE) out.add(special.bos());
        for (SpecialTokenSplitter.Fragment fragment : (parseSpecial ? allSpecial : userDefinedOnly).split(text)) {
            if (!fragment.isText()) {
                out.add(fragment.tokenId());
                continue;
            }
            for (String word : preTokenizer.split(fragment.text())) out.addAll(encodeWord(word));
        }
        if (addSpecial && vocabulary.addEos() && special.eos() != SpecialTokens.NONE) out.add(special.eos());
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        int[] cached = wordCache.get(word);
        if (cached != null) return cached;
        String symbols = ByteLevel.encode(word.getBytes(StandardCharsets.UTF_8));
        Integer whole = vocabulary.ignoreMerges() ? idsByText.get(symbols) : null;
        int[] ids = whole != null ? new int[] {whole} : merge(symbols);
        if (wordCache.size() >= CACHE_LIMIT) wordCache.clear();
        wordCache.put(word, ids);
        return ids;
    }

    private record Bigram(int left, int right, int rank, int length) {}

    /** Merges one byte-level pre-token; every character is one byte, so symbols are char ranges. */
    private int[] merge(String word) {
        int n = word.length();
        int[] length = new int[n], prev = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>(
                (a, b) -> a.rank() != b.rank() ? Integer.compare(a.rank(), b.rank()) : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < n; i++) addBigram(queue, word, length, i - 1, i);
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left(), right = bigram.right();
            // stale entry: one side was merged into something else since it was queued
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length()) continue;
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            addBigram(queue, word, length, prev[left], left);
            addBigram(queue, word, length, left, next[left]);
        }
        IntList out = new IntList();
        for (int i = 0; i != -1 && n > 0; i = next[i]) {
            Integer id = idsByText.get(word.substring(i, i + length[i]));
            if (id != null) {
                out.add(id);
                continue;
            }
            for (int j = i; j < i + length[i]; j++) {
                int byteToken = byteTokens[ByteLevel.byteOf(word.charAt(j))];
                if (byteToken < 0) throw new IllegalArgumentException("no token for byte-level symbol '" + word.charAt(j) + "'");
                out.add(byteToken);
            }
        }
        return out.toArray();
    }

    private void addBigram(PriorityQueue<Bigram> queue, String word, int[] length, int left, int right) {
        if (left == -1 || right == -1) return;
        // symbols are contiguous char ranges starting at their own index
        String key = word.substring(left, left + length[left]) + ' ' + word.substring(right, right + length[right]);
        Integer rank = mergeRanks.get(key);
        if (rank != null) queue.add(new Bigram(left, right, rank, length[left] + length[right]));
    }

    @Override
    public byte[] tokenBytes(int id, boolean renderSpecial) {
        checkId(id);
        String token = vocabulary.token(id);
        return switch (vocabulary.type(id)) {
            case CONTROL, UNKNOWN -> renderSpecial ? token.getBytes(StandardCharsets.UTF_8) : new byte[0];
            case USER_DEFINED -> token.getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] bytes = ByteLevel.decode(token);
                yield bytes != null ? bytes : token.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) fingerprint = f = TokenizerFingerprint.of(vocabulary);
        return f;
    }
}
