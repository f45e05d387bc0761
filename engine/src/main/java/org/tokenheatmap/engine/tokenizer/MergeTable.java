package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BPE merges keyed by symbol ids, so the merge loop compares ints instead of building strings. Every string a
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

    MergeTable(Map<String, Integer> idsByText, int vocabularySize, List<String> merges) {
        this.symbolIds = new HashMap<>(idsByText);
        this.vocabularySize = vocabularySize;
        int capacity = Integer.highestOneBit(Math.max(4, merges.size() * 2)) * 2;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, -1L);
        mask = capacity - 1;
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) throw new IllegalArgumentException("merge " + rank + " '" + merge + "' is not 'left right'");
            String left = merge.substring(0, space), right = merge.substring(space + 1);
            put(symbol(left), symbol(right), rank, symbol(left + right));
        }
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

    boolean isToken(int symbol) { return symbol < vocabularySize; }

    /** Packed (rank << 32 | merged symbol) of merging left and right, or -1 when they do not merge. */
    long find(int left, int right) {
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
