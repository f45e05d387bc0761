package org.tokenheatmap.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE as llama.cpp's llm_tokenizer_spm does it: spaces become U+2581, a dummy space is put
 * before text that starts the input or follows a special token, code points are merged pair by pair by
 * highest vocabulary score (leftmost first on ties), and code points left outside the vocabulary are written
 * as {@code <0xNN>} byte tokens of their UTF-8 form (the unknown token where the vocabulary has no byte tokens).
 * llama.cpp also keeps a reverse-merge table for resegmenting; every merged symbol is in the vocabulary by
 * construction, so only unmerged code points can miss it and the table is never consulted.
 *
 * <p>For speed the text is cut before every U+2581 whose preceding code point never precedes U+2581 inside a
 * vocabulary token: no merged symbol can span such a cut, and merges on either side never interact, so
 * segmenting the pieces separately (and caching repeated pieces) gives exactly the same ids.
 */
public final class SpmTokenizer implements Tokenizer {
    static final char SPACE_MARK = SpaceMarkCuts.SPACE_MARK;
    private static final int CACHE_LIMIT = 1 << 16;

    private final Vocabulary vocabulary;
    private final Map<String, Integer> idsByText;
    private final int[] byteTokens = new int[256];
    private final SpecialTokenSplitter userDefinedOnly;
    private final SpecialTokenSplitter allSpecial;
    private final SpaceMarkCuts cuts;
    private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();
    private final MergeTable pairs;
    private volatile String fingerprint;

    SpmTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.idsByText = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) idsByText.put(vocabulary.token(id), id);
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = idsByText.getOrDefault(ByteTokens.byteToken(b), vocabulary.special().unk());
        }
        this.userDefinedOnly = new SpecialTokenSplitter(vocabulary, false);
        this.allSpecial = new SpecialTokenSplitter(vocabulary, true);
        this.pairs = MergeTable.forSentencePiece(idsByText, vocabulary.tokens());
        this.cuts = new SpaceMarkCuts(vocabulary.tokens());
    }

    @Override public Vocabulary vocabulary() { return vocabulary; }

    @Override public DummySpace dummySpace() { return vocabulary.addSpacePrefix() ? DummySpace.FIRST_AND_AFTER_BOS : DummySpace.KEEP; }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList();
        SpecialTokens special = vocabulary.special();
        if (addSpecial && vocabulary.addBos() && special.bos() != SpecialTokens.NONE) out.add(special.bos());
        boolean previousWasSpecial = true;
        for (SpecialTokenSplitter.Fragment fragment : (parseSpecial ? allSpecial : userDefinedOnly).split(text)) {
            if (fragment.isText()) {
                String raw = vocabulary.addSpacePrefix() && previousWasSpecial ? " " + fragment.text() : fragment.text();
                segment(raw.replace(' ', SPACE_MARK), out);
                previousWasSpecial = false;
            } else {
                out.add(fragment.tokenId());
                previousWasSpecial = true;
            }
        }
        if (addSpecial && vocabulary.addEos() && special.eos() != SpecialTokens.NONE) out.add(special.eos());
        return out.toArray();
    }

    private void segment(String text, IntList out) {
        cuts.forEachPiece(text, piece -> out.addAll(segmentPiece(piece)));
    }

    private int[] segmentPiece(String piece) {
        int[] cached = pieceCache.get(piece);
        if (cached != null) return cached;
        IntList ids = new IntList();
        new Session(piece, ids).run();
        int[] result = ids.toArray();
        if (pieceCache.size() >= CACHE_LIMIT) pieceCache.clear();
        pieceCache.put(piece, result);
        return result;
    }

    @Override
    public byte[] tokenBytes(int id, boolean renderSpecial) {
        checkId(id);
        return pieceBytes(vocabulary, id, renderSpecial);
    }

    /** Bytes of a SentencePiece piece: {@code <0xNN>} one byte, U+2581 a space, control tokens nothing unless rendered. */
    static byte[] pieceBytes(Vocabulary vocabulary, int id, boolean renderSpecial) {
        String token = vocabulary.token(id);
        return switch (vocabulary.type(id)) {
            case BYTE -> {
                int b = ByteTokens.parseByteToken(token);
                yield b >= 0 ? new byte[] {(byte) b} : utf8(token);
            }
            case CONTROL -> renderSpecial ? utf8(token) : new byte[0];
            case UNKNOWN -> renderSpecial ? utf8(token) : utf8(" \u2047 ");
            default -> utf8(token.replace(SPACE_MARK, ' '));
        };
    }

    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) fingerprint = f = TokenizerFingerprint.of(vocabulary);
        return f;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private record Bigram(int left, int right, float score, int leftSymbol, int rightSymbol, int merged) {}

    /**
     * One segmentation run over a text already escaped with U+2581: symbols form a linked list over code points
     * and carry {@link MergeTable} symbol ids; a queued pair is stale once either side changed (symbols only grow).
     */
    private final class Session {
        private final String text;
        private final IntList out;
        private final int[] start, length, prev, next, symbol;
        private final PriorityQueue<Bigram> queue = new PriorityQueue<>(
                (a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.left(), b.left()));

        Session(String text, IntList out) {
            this.text = text;
            this.out = out;
            int n = text.codePointCount(0, text.length());
            start = new int[n];
            length = new int[n];
            prev = new int[n];
            next = new int[n];
            symbol = new int[n];
            for (int i = 0, at = 0; i < n; i++) {
                int cp = text.codePointAt(at);
                int width = Character.charCount(cp);
                start[i] = at;
                length[i] = width;
                prev[i] = i - 1;
                next[i] = i + 1 < n ? i + 1 : -1;
                symbol[i] = pairs.codePointSymbol(cp);
                at += width;
            }
        }

        void run() {
            if (start.length == 0) return;
            for (int i = 1; i < start.length; i++) tryAddBigram(i - 1, i);
            while (!queue.isEmpty()) {
                Bigram bigram = queue.poll();
                int left = bigram.left(), right = bigram.right();
                if (length[left] == 0 || length[right] == 0
                        || symbol[left] != bigram.leftSymbol() || symbol[right] != bigram.rightSymbol()) continue;
                length[left] += length[right];
                length[right] = 0;
                symbol[left] = bigram.merged();
                next[left] = next[right];
                if (next[right] >= 0) prev[next[right]] = left;
                tryAddBigram(prev[left], left);
                tryAddBigram(left, next[left]);
            }
            for (int i = 0; i != -1; i = next[i]) emit(i);
        }

        private void tryAddBigram(int left, int right) {
            if (left == -1 || right == -1) return;
            long found = pairs.find(symbol[left], symbol[right]);
            if (found == -1L) return;
            int merged = (int) found;
            queue.add(new Bigram(left, right, vocabulary.score(merged), symbol[left], symbol[right], merged));
        }

        private void emit(int i) {
            if (pairs.isToken(symbol[i])) {
                out.add(symbol[i]);
                return;
            }
            String piece = text.substring(start[i], start[i] + length[i]);
            for (byte b : utf8(piece)) {
                int byteToken = byteTokens[b & 0xFF];
                if (byteToken < 0) throw new IllegalArgumentException("no byte or unknown token for '" + piece + "'");
                out.add(byteToken);
            }
        }
    }
}
