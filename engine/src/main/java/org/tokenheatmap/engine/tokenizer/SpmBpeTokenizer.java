package org.tokenheatmap.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SentencePiece-style BPE as Hugging Face tokenizers runs a tokenizer.json of Llama 2, Gemma, Phi-3 or Mistral:
 * added tokens are cut out first; each remaining fragment gets the dummy prefix U+2581 (Prepend normalizer or
 * Metaspace, when the vocabulary has one), its spaces become U+2581, and its code points are merged by
 * {@link RankedMerge} in merge-rank order; a symbol left outside the vocabulary is written as the {@code <0xNN>}
 * tokens of its UTF-8 bytes (byte_fallback), or the unknown token where one is missing. Fragments are cut by
 * {@link SpaceMarkCuts} and repeated pieces cached. Decoding is SentencePiece's ({@link SpmTokenizer#pieceBytes}).
 */
public final class SpmBpeTokenizer implements Tokenizer {
    private static final int CACHE_LIMIT = 1 << 16;

    private final Vocabulary vocabulary;
    private final Map<String, Integer> idsByText;
    private final MergeTable merges;
    private final int[] byteTokens = new int[256];
    private final SpecialTokenSplitter userDefinedOnly;
    private final SpecialTokenSplitter allSpecial;
    private final SpaceMarkCuts cuts;
    private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();
    private volatile String fingerprint;

    SpmBpeTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.idsByText = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) idsByText.putIfAbsent(vocabulary.token(id), id);
        this.merges = MergeTable.forCodePointMerges(idsByText, vocabulary.size(), vocabulary.merges());
        for (int b = 0; b < 256; b++) byteTokens[b] = idsByText.getOrDefault(ByteTokens.byteToken(b), SpecialTokens.NONE);
        this.userDefinedOnly = new SpecialTokenSplitter(vocabulary, false);
        this.allSpecial = new SpecialTokenSplitter(vocabulary, true);
        List<String> symbols = new ArrayList<>(vocabulary.tokens());
        symbols.addAll(merges.extraSymbols());
        this.cuts = new SpaceMarkCuts(symbols);
    }

    @Override public Vocabulary vocabulary() { return vocabulary; }

    @Override public DummySpace dummySpace() { return vocabulary.addSpacePrefix() ? DummySpace.FIRST_OF_TEXT : DummySpace.KEEP; }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList();
        SpecialTokens special = vocabulary.special();
        if (addSpecial && vocabulary.addBos() && special.bos() != SpecialTokens.NONE) out.add(special.bos());
        boolean first = true;
        for (SpecialTokenSplitter.Fragment fragment : (parseSpecial ? allSpecial : userDefinedOnly).split(text)) {
            if (fragment.isText()) {
                boolean prefix = vocabulary.addSpacePrefix() && (!vocabulary.prefixAtStartOnly() || first);
                String escaped = (prefix ? " " + fragment.text() : fragment.text()).replace(' ', SpaceMarkCuts.SPACE_MARK);
                Integer whole = vocabulary.ignoreMerges() ? idsByText.get(escaped) : null;
                if (whole != null) out.add(whole);
                else cuts.forEachPiece(escaped, piece -> out.addAll(encodePiece(piece)));
            } else {
                out.add(fragment.tokenId());
            }
            first = false;
        }
        if (addSpecial && vocabulary.addEos() && special.eos() != SpecialTokens.NONE) out.add(special.eos());
        return out.toArray();
    }

    private int[] encodePiece(String piece) {
        int[] cached = pieceCache.get(piece);
        if (cached != null) return cached;
        int[] starts = new int[piece.codePointCount(0, piece.length())];
        int[] initial = new int[starts.length];
        for (int i = 0, at = 0; i < initial.length; i++) {
            int cp = piece.codePointAt(at);
            starts[i] = at;
            initial[i] = merges.codePointSymbol(cp);
            at += Character.charCount(cp);
        }
        RankedMerge.Result merged = RankedMerge.run(initial, merges);
        IntList out = new IntList();
        for (int k = 0; k < merged.size(); k++) {
            int symbol = merged.symbols()[k];
            if (merges.isToken(symbol)) {
                out.add(symbol);
                continue;
            }
            int from = starts[merged.starts()[k]];
            int lastUnit = merged.starts()[k] + merged.lengths()[k];
            int to = lastUnit < starts.length ? starts[lastUnit] : piece.length();
            byteFallback(piece.substring(from, to), out);
        }
        int[] ids = out.toArray();
        if (pieceCache.size() >= CACHE_LIMIT) pieceCache.clear();
        pieceCache.put(piece, ids);
        return ids;
    }

    /** The {@code <0xNN>} tokens of the text's UTF-8 bytes, or one unknown token when any of them is missing. */
    private void byteFallback(String text, IntList out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        IntList fallback = new IntList();
        for (byte b : bytes) {
            int id = byteTokens[b & 0xFF];
            if (id == SpecialTokens.NONE) {
                int unk = vocabulary.special().unk();
                if (unk == SpecialTokens.NONE) throw new IllegalArgumentException("no byte or unknown token for '" + text + "'");
                out.add(unk);
                return;
            }
            fallback.add(id);
        }
        out.addAll(fallback.toArray());
    }

    @Override
    public byte[] tokenBytes(int id, boolean renderSpecial) {
        checkId(id);
        return SpmTokenizer.pieceBytes(vocabulary, id, renderSpecial);
    }

    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) fingerprint = f = TokenizerFingerprint.of(vocabulary);
        return f;
    }
}
