package org.tokenheatmap.engine.tokenizer;

import java.util.List;

/**
 * Everything a tokenizer is built from, independent of the file it was read from.
 *
 * @param kind           segmentation algorithm
 * @param tokens         token strings by id, as stored in GGUF (SentencePiece pieces use U+2581 for space;
 *                       byte-level BPE tokens use the GPT-2 byte-to-unicode alphabet)
 * @param scores         SentencePiece merge scores by id ({@code null} for {@link TokenizerKind#BPE})
 * @param types          token attribute by id
 * @param merges         BPE merges "left right" in rank order (empty for {@link TokenizerKind#SPM})
 * @param preTokenizer   GGUF {@code tokenizer.ggml.pre} name (BPE only; "default" when unknown)
 * @param special        ids with a fixed role
 * @param addBos         whether {@code encode(..., addSpecial=true)} prepends BOS
 * @param addEos         whether {@code encode(..., addSpecial=true)} appends EOS
 * @param addSpacePrefix SentencePiece dummy prefix: a space is put before text that follows BOS/a special token
 * @param ignoreMerges   BPE: a pre-token that is itself in the vocabulary is emitted whole (Llama 3)
 * @param prefixAtStartOnly the dummy prefix goes only before text at the very start of the input, not after
 *                       special tokens (tokenizer.json Metaspace {@code prepend_scheme: "first"})
 * @param endOfGeneration ids that end generation: EOS, end-of-turn tokens ({@code <|eot_id|>}, {@code <|im_end|>},
 *                       {@code <end_of_turn>}, {@code <|end|>}, ...); see {@link #endOfGeneration(List, SpecialTokens, int...)}
 *
 * <p>The arrays are copied in and out, so a vocabulary cannot change after construction; being arrays, they
 * take no part in {@code equals}: compare tokenizers with {@link Tokenizer#fingerprint()}.
 */
public record Vocabulary(TokenizerKind kind, List<String> tokens, float[] scores, TokenType[] types,
                         List<String> merges, String preTokenizer, SpecialTokens special,
                         boolean addBos, boolean addEos, boolean addSpacePrefix, boolean ignoreMerges,
                         boolean prefixAtStartOnly, int[] endOfGeneration) {

    /** Texts of end-of-turn tokens that end generation wherever a vocabulary has them (llama.cpp does the same). */
    static final java.util.Set<String> END_OF_TURN_TEXTS = java.util.Set.of("<|eot_id|>", "<|eom_id|>", "<|im_end|>",
            "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "<｜end▁of▁sentence｜>");

    /** A vocabulary with the dummy prefix after special tokens too and the end-of-generation ids found by text. */
    public Vocabulary(TokenizerKind kind, List<String> tokens, float[] scores, TokenType[] types, List<String> merges,
                      String preTokenizer, SpecialTokens special, boolean addBos, boolean addEos, boolean addSpacePrefix,
                      boolean ignoreMerges) {
        this(kind, tokens, scores, types, merges, preTokenizer, special, addBos, addEos, addSpacePrefix, ignoreMerges,
                false, endOfGeneration(tokens, special));
    }

    public Vocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        scores = scores == null ? null : scores.clone();
        types = types.clone();
        if (tokens.isEmpty()) throw new IllegalArgumentException("empty vocabulary");
        if (kind == TokenizerKind.SPM && (scores == null || scores.length != tokens.size())) {
            throw new IllegalArgumentException("a SentencePiece vocabulary needs one score per token");
        }
        if (scores != null && scores.length != tokens.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + tokens.size() + " tokens");
        }
        if (types.length != tokens.size()) {
            throw new IllegalArgumentException(types.length + " token types for " + tokens.size() + " tokens");
        }
        for (TokenType type : types) if (type == null) throw new IllegalArgumentException("a token has no type");
        special.checkWithin(tokens.size());
        preTokenizer = preTokenizer == null || preTokenizer.isEmpty() ? "default" : preTokenizer;
        endOfGeneration = endOfGeneration.clone();
        for (int id : endOfGeneration) {
            if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("end-of-generation id " + id + " outside the vocabulary");
        }
    }

    @Override public int[] endOfGeneration() { return endOfGeneration.clone(); }

    public boolean endsGeneration(int id) {
        for (int e : endOfGeneration) if (e == id) return true;
        return false;
    }

    /**
     * The ids that end generation: EOS, the ids a file declares (GGUF {@code eot_token_id}/{@code eom_token_id},
     * generation_config.json {@code eos_token_id}) and every token whose text is a known end-of-turn marker, in
     * ascending order without duplicates.
     */
    public static int[] endOfGeneration(List<String> tokens, SpecialTokens special, int... declared) {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        if (special.eos() != SpecialTokens.NONE) ids.add(special.eos());
        for (int id : declared) if (id != SpecialTokens.NONE) ids.add(id);
        for (int id = 0; id < tokens.size(); id++) if (END_OF_TURN_TEXTS.contains(tokens.get(id))) ids.add(id);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override public float[] scores() { return scores == null ? null : scores.clone(); }

    @Override public TokenType[] types() { return types.clone(); }

    public int size() { return tokens.size(); }

    public String token(int id) { return tokens.get(id); }

    public TokenType type(int id) { return types[id]; }

    public float score(int id) { return scores == null ? 0f : scores[id]; }

    /**
     * SentencePiece conventions for files that carry no token types (llama2.c tokenizer.bin):
     * {@code <unk>} unknown, {@code <s>}/{@code </s>} control, {@code <0xNN>} byte, everything else normal.
     */
    public static TokenType[] inferSentencePieceTypes(List<String> tokens) {
        TokenType[] types = new TokenType[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            String t = tokens.get(i);
            types[i] = switch (t) {
                case "<unk>" -> TokenType.UNKNOWN;
                case "<s>", "</s>" -> TokenType.CONTROL;
                default -> ByteTokens.parseByteToken(t) >= 0 ? TokenType.BYTE : TokenType.NORMAL;
            };
        }
        return types;
    }
}
