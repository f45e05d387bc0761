package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the special tokens written in a text out before segmentation (llama.cpp tokenizer_st_partition,
 * Hugging Face added tokens): scanning left to right, the longest special token starting at a position wins.
 */
final class SpecialTokenSplitter {

    /** A piece of input: plain text to segment, or a special token ({@code text == null}). */
    record Fragment(String text, int tokenId) {
        boolean isText() { return text != null; }
    }

    private record Candidate(String text, int id) {}

    private final Map<Character, List<Candidate>> byFirstChar;

    SpecialTokenSplitter(Vocabulary vocabulary, boolean includeControl) {
        Map<Character, List<Candidate>> map = new HashMap<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            TokenType type = vocabulary.type(id);
            String text = vocabulary.token(id);
            boolean wanted = type == TokenType.USER_DEFINED || (includeControl && type.isSpecial());
            if (wanted && !text.isEmpty()) map.computeIfAbsent(text.charAt(0), c -> new ArrayList<>()).add(new Candidate(text, id));
        }
        map.values().forEach(list -> list.sort(Comparator.comparingInt((Candidate c) -> c.text().length()).reversed()));
        this.byFirstChar = map;
    }

    List<Fragment> split(String text) {
        List<Fragment> out = new ArrayList<>();
        if (byFirstChar.isEmpty()) {
            if (!text.isEmpty()) out.add(new Fragment(text, -1));
            return out;
        }
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            Candidate match = matchAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            if (i > plainStart) out.add(new Fragment(text.substring(plainStart, i), -1));
            out.add(new Fragment(null, match.id()));
            i += match.text().length();
            plainStart = i;
        }
        if (plainStart < text.length()) out.add(new Fragment(text.substring(plainStart), -1));
        return out;
    }

    private Candidate matchAt(String text, int at) {
        List<Candidate> candidates = byFirstChar.get(text.charAt(at));
        if (candidates == null) return null;
        for (Candidate c : candidates) if (text.startsWith(c.text(), at)) return c;
        return null;
    }
}
