package org.tokenheatmap.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPT-2 byte-level BPE as llama.cpp's llm_tokenizer_bpe does it: special tokens are cut out, the regex
 * pre-tokenizer splits the rest, each pre-token's UTF-8 bytes are mapped to {@link ByteLevel} characters and
 * merged pair by pair in merge-rank order (leftmost first on ties) by {@link RankedMerge}.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final int CACHE_LIMIT = 1 << 16;

    private final Vocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final Map<String, Integer> idsByText;
    private final MergeTable merges;
    private final int[] byteTokens = new int[256];
    private final int[] byteSymbols = new int[256];
    private final SpecialTokenSplitter userDefinedOnly;
    private final SpecialTokenSplitter allSpecial;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();
    private volatile String fingerprint;

    BpeTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.preTokenizer = PreTokenizer.forGgufName(vocabulary.preTokenizer());
        this.idsByText = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) idsByText.put(vocabulary.token(id), id);
        this.merges = MergeTable.forMerges(idsByText, vocabulary.size(), vocabulary.merges());
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = idsByText.getOrDefault(String.valueOf(ByteLevel.charOf(b)), vocabulary.special().unk());
            byteSymbols[b] = merges.symbol(String.valueOf(ByteLevel.charOf(b)));
        }
        this.userDefinedOnly = new SpecialTokenSplitter(vocabulary, false);
        this.allSpecial = new SpecialTokenSplitter(vocabulary, true);
    }

    @Override public Vocabulary vocabulary() { return vocabulary; }

    public PreTokenizer preTokenizer() { return preTokenizer; }

    @Override public DummySpace dummySpace() { return DummySpace.KEEP; }

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

    /** Merges one byte-level pre-token; symbols left outside the vocabulary are written as byte tokens. */
    private int[] merge(String word) {
        int[] initial = new int[word.length()];
        for (int i = 0; i < initial.length; i++) initial[i] = byteSymbols[ByteLevel.byteOf(word.charAt(i))];
        RankedMerge.Result merged = RankedMerge.run(initial, merges);
        IntList out = new IntList();
        for (int k = 0; k < merged.size(); k++) {
            if (merges.isToken(merged.symbols()[k])) {
                out.add(merged.symbols()[k]);
                continue;
            }
            for (int j = merged.starts()[k]; j < merged.starts()[k] + merged.lengths()[k]; j++) {
                int byteToken = byteTokens[ByteLevel.byteOf(word.charAt(j))];
                if (byteToken < 0) throw new IllegalArgumentException("no token for byte-level symbol '" + word.charAt(j) + "'");
                out.add(byteToken);
            }
        }
        return out.toArray();
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
