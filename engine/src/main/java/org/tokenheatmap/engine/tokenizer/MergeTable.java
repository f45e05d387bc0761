package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pair merges keyed by symbol ids, so merge loops compare ints instead of building strings. Every string a
 * merge mentions gets a symbol id: its token id when it is in the vocabulary, otherwise an id past the
 * vocabulary (such a symbol is written as byte tokens at the end, as llama.cpp does for text outside it).
 * Lookups go through an open-addressing table of (left, right) -> (rank, merged symbol).
 */
final class MergeTable {
    private final Map<String, Integer> symbolIds;
    private final List<String> extraSymbols = new ArrayList<>();
    private final int vocabularySize;
    private long[] keys;
    private long[] values;
    private int mask;

    /** Code point -> symbol id for single code points (SentencePiece's initial symbols); -1 when none. */
    private final int[] bmpSymbols;
    private final Map<Integer, Integer> supplementarySymbols = new HashMap<>();

    private MergeTable(Map<String, Integer> idsByText, int vocabularySize, int pairs, boolean codePointIndex) {
        this.symbolIds = new HashMap<>(idsByText);
        this.vocabularySize = vocabularySize;
        int capacity = Integer.highestOneBit(Math.max(4, pairs * 2)) * 2;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, -1L);
        mask = capacity - 1;
        bmpSymbols = codePointIndex ? new int[Character.MAX_VALUE + 1] : new int[0];
        Arrays.fill(bmpSymbols, -1);
    }

    /** GPT-2 style: merges "left right" in rank order. */
    static MergeTable forMerges(Map<String, Integer> idsByText, int vocabularySize, List<String> merges) {
        return forMerges(idsByText, vocabularySize, merges, false);
    }

    /** Rank-ordered merges over code points (tokenizer.json SentencePiece-style BPE): single code points indexed. */
    static MergeTable forCodePointMerges(Map<String, Integer> idsByText, int vocabularySize, List<String> merges) {
        MergeTable table = forMerges(idsByText, vocabularySize, merges, true);
        table.indexCodePoints();
        return table;
    }

    private static MergeTable forMerges(Map<String, Integer> idsByText, int vocabularySize, List<String> merges, boolean codePoints) {
        MergeTable table = new MergeTable(idsByText, vocabularySize, merges.size(), codePoints);
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) throw new IllegalArgumentException("merge " + rank + " '" + merge + "' is not 'left right'");
            String left = merge.substring(0, space), right = merge.substring(space + 1);
            table.put(table.symbol(left), table.symbol(right), rank, table.symbol(left + right));
        }
        return table;
    }

    /**
     * SentencePiece style: any two adjacent symbols merge when their concatenation is a token. Symbols are
     * tokens and single code points, so every split of a token into two such parts is a pair.
     */
    static MergeTable forSentencePiece(Map<String, Integer> idsByText, List<String> tokens) {
        MergeTable table = new MergeTable(idsByText, tokens.size(), tokens.size() * 4, true);
        for (int id = 0; id < tokens.size(); id++) {
            String token = tokens.get(id);
            if (idsByText.get(token) != id) continue; // a duplicate text: llama.cpp's lookup finds the last id
            for (int cut = token.offsetByCodePoints(0, 1); cut < token.length(); cut = token.offsetByCodePoints(cut, 1)) {
                String left = token.substring(0, cut), right = token.substring(cut);
                if (table.isSymbol(left) && table.isSymbol(right)) table.put(table.symbol(left), table.symbol(right), 0, id);
            }
        }
        table.indexCodePoints();
        return table;
    }

    private void indexCodePoints() {
        symbolIds.forEach((text, symbol) -> {
            if (text.codePointCount(0, text.length()) != 1) return;
            int cp = text.codePointAt(0);
            if (cp <= Character.MAX_VALUE) bmpSymbols[cp] = symbol;
            else supplementarySymbols.put(cp, symbol);
        });
    }

    /** Every symbol that is not a vocabulary token (merge results outside the vocabulary). */
    List<String> extraSymbols() { return List.copyOf(extraSymbols); }

    private boolean isSymbol(String text) {
        return symbolIds.containsKey(text) || text.codePointCount(0, text.length()) == 1;
    }

    /** The symbol of a single code point, or -1 when no merge mentions it and it is no token. */
    int codePointSymbol(int cp) {
        return cp <= Character.MAX_VALUE ? bmpSymbols[cp] : supplementarySymbols.getOrDefault(cp, -1);
    }

    /** The symbol id of a string, allocating one past the vocabulary for strings outside it. */
    int symbol(String text) {
        Integer id = symbolIds.get(text);
        if (id != null) return id;
        int fresh = vocabularySize + extraSymbols.size();
        extraSymbols.add(text);
        symbolIds.put(text, fresh);
        return fresh;
    }

    boolean isToken(int symbol) { return symbol >= 0 && symbol < vocabularySize; }

    /** Packed (rank << 32 | merged symbol) of merging left and right, or -1 when they do not merge. */
    long find(int left, int right) {
        if (left < 0 || right < 0) return -1L;
        long key = key(left, right);
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) return values[slot];
            if (keys[slot] == -1L) return -1L;
        }
    }

    private void put(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != -1L && keys[slot] != key) slot = (slot + 1) & mask;
        if (keys[slot] == key) return; // a repeated merge keeps its first (lowest) rank
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    private static long key(int left, int right) { return ((long) left << 32) | (right & 0xFFFFFFFFL); }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
