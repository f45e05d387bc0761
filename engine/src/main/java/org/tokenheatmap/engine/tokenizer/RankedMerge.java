package org.tokenheatmap.engine.tokenizer;

import java.util.PriorityQueue;

/**
 * Rank-ordered BPE over a sequence of initial symbols (GPT-2's bytes, or code points of a SentencePiece-style
 * tokenizer.json): the adjacent pair with the lowest merge rank is merged first, the leftmost on ties, until no pair
 * merges (Hugging Face tokenizers' and llama.cpp's order). A priority queue over a linked list; a queued pair is
 * stale when either side has changed since, which the symbol ids reveal because symbols only grow.
 */
final class RankedMerge {
    private RankedMerge() {}

    /** What a merge run leaves: the final symbols in order, each covering {@code length} initial units from {@code start}. */
    record Result(int[] symbols, int[] starts, int[] lengths) {
        int size() { return symbols.length; }
    }

    private record Bigram(int left, int right, int rank, int leftSymbol, int rightSymbol, int merged) {}

    /** @param initial one symbol id per unit; -1 for a unit that no merge mentions */
    static Result run(int[] initial, MergeTable merges) {
        int n = initial.length;
        int[] length = new int[n], prev = new int[n], next = new int[n], symbol = initial.clone();
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>(
                (a, b) -> a.rank() != b.rank() ? Integer.compare(a.rank(), b.rank()) : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < n; i++) addBigram(queue, merges, symbol, i - 1, i);
        int remaining = n;
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left(), right = bigram.right();
            if (length[left] == 0 || length[right] == 0 || symbol[left] != bigram.leftSymbol() || symbol[right] != bigram.rightSymbol()) continue;
            length[left] += length[right];
            length[right] = 0;
            symbol[left] = bigram.merged();
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            remaining--;
            addBigram(queue, merges, symbol, prev[left], left);
            addBigram(queue, merges, symbol, left, next[left]);
        }
        int[] symbols = new int[remaining], starts = new int[remaining], lengths = new int[remaining];
        int k = 0;
        for (int i = 0; i != -1 && n > 0; i = next[i], k++) {
            symbols[k] = symbol[i];
            starts[k] = i;
            lengths[k] = length[i];
        }
        return new Result(symbols, starts, lengths);
    }

    private static void addBigram(PriorityQueue<Bigram> queue, MergeTable merges, int[] symbol, int left, int right) {
        if (left == -1 || right == -1) return;
        long found = merges.find(symbol[left], symbol[right]);
        if (found != -1L) queue.add(new Bigram(left, right, (int) (found >>> 32), symbol[left], symbol[right], (int) found));
    }
}
