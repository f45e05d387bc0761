package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Regex pre-tokenizers of byte-level BPE vocabularies, chosen by GGUF {@code tokenizer.ggml.pre} or recognised
 * from a tokenizer.json {@code pre_tokenizer}. Each is a sequence of regex splits as the original tokenizer defines
 * it (tiktoken, or the tokenizer.json's {@code Split}/{@code Digits}/{@code ByteLevel} steps): every step cuts each
 * piece of the previous one into its matches and the text between them. With UNICODE_CHARACTER_CLASS, Java's
 * {@code \s} is Unicode White_Space like in those engines and {@code \p{L}}/{@code \p{N}} match code points.
 */
public enum PreTokenizer {
    /** GPT-2 (tiktoken r50k/p50k) and the vocabularies that reuse its regex. */
    GPT2(List.of("gpt-2", "default", "phi-2", "mpt", "olmo", "jais", "exaone4", "trillion"), false, false,
            Regexes.GPT2),
    /** Digits one by one, then GPT-2's regex (tokenizer.json: Digits(individual_digits) + ByteLevel). */
    STARCODER(List.of("starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"), false, false,
            "\\p{N}", Regexes.GPT2),
    /** Llama 3 (tiktoken cl100k with 1-3 digit groups); llama.cpp emits a pre-token that is a token whole and adds BOS. */
    LLAMA3(List.of("llama-bpe", "llama3", "llama-v3", "falcon3", "falcon-h1", "pixtral", "dbrx", "smaug-bpe"), true, true,
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** Qwen 2 / 2.5 / 3: Llama 3's regex with single digits. */
    QWEN2(List.of("qwen2", "deepseek-r1-qwen", "stablelm2", "megrez"), false, false,
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** Qwen 3.5: Qwen 2's regex with combining marks inside words. */
    QWEN35(List.of("qwen35"), false, false,
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** Mistral Nemo's Tekken: case-aware words, single digits; whole-token pre-tokens and BOS like Llama 3. */
    TEKKEN(List.of("tekken"), true, true,
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** tiktoken o200k (GPT-4o; Llama 4): Tekken's words with contractions attached and 1-3 digit groups. */
    GPT4O(List.of("gpt-4o", "llama4"), false, false,
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** DeepSeek Coder: line breaks, words, punctuation runs, CJK runs and single digits, each split in turn. */
    DEEPSEEK_CODER(List.of("deepseek-coder"), false, false,
            "[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\\p{N}"),
    /** Falcon: punctuation runs, then GPT-2's regex (without its last alternative), then digit triples. */
    FALCON(List.of("falcon"), false, false,
            "[\\p{P}\\$\\+<=>\\^~\\|`]+", "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
            "[0-9][0-9][0-9]"),
    /** BLOOM and Poro: a space and a run up to whitespace or sentence punctuation. */
    BLOOM(List.of("bloom", "poro-chat", "gpt3-finnish"), false, false, Regexes.BLOOM),
    /** Viking: BLOOM's split, then single digits. */
    VIKING(List.of("viking"), false, false, Regexes.BLOOM, "\\p{N}");

    private final List<String> ggufNames;
    private final boolean ignoreMerges;
    private final boolean addsBos;
    private final List<String> regexes;
    private final List<Pattern> patterns;

    PreTokenizer(List<String> ggufNames, boolean ignoreMerges, boolean addsBos, String... regexes) {
        this.ggufNames = ggufNames;
        this.ignoreMerges = ignoreMerges;
        this.addsBos = addsBos;
        this.regexes = List.of(regexes);
        this.patterns = Arrays.stream(regexes).map(r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS)).toList();
    }

    /** Regexes shared by several pre-tokenizers. */
    private static final class Regexes {
        static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
        /** tokenizer.json writes {@code [^(\s|[.,!?…。，、।۔،])]}: neither whitespace nor these marks nor ( | ). */
        static final String BLOOM = " ?[^\\s(|).,!?…。，、।۔،]+";
    }

    /** The regexes applied in turn. */
    public List<String> regexes() { return regexes; }

    /** Whether a pre-token that is itself a token is emitted whole (tokenizer.json {@code ignore_merges}). */
    public boolean ignoresMerges() { return ignoreMerges; }

    /** Whether llama.cpp adds BOS when the GGUF has no {@code tokenizer.ggml.add_bos_token}. */
    public boolean addsBosByDefault() { return addsBos; }

    public static PreTokenizer forGgufName(String pre) {
        for (PreTokenizer p : values()) if (p.ggufNames.contains(pre)) return p;
        throw new IllegalArgumentException("unsupported pre-tokenizer '" + pre + "' (supported: "
                + Arrays.stream(values()).flatMap(p -> p.ggufNames.stream()).collect(Collectors.joining(", ")) + ")");
    }

    /** The pre-tokenizer whose regex steps are exactly {@code steps} (as a tokenizer.json writes them). */
    public static PreTokenizer forRegexes(List<String> steps) {
        for (PreTokenizer p : values()) if (p.regexes.equals(steps)) return p;
        throw new IllegalArgumentException("unsupported pre-tokenizer " + steps);
    }

    /** The canonical GGUF name. */
    public String ggufName() { return ggufNames.getFirst(); }

    /** Splits text into pre-tokens: each step keeps its matches and the text between them as pieces. */
    List<String> split(String text) {
        List<String> pieces = List.of(text);
        for (Pattern pattern : patterns) {
            List<String> next = new ArrayList<>();
            for (String piece : pieces) split(pattern, piece, next);
            pieces = next;
        }
        return pieces;
    }

    private static void split(Pattern pattern, String text, List<String> out) {
        Matcher m = pattern.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) out.add(text.substring(last, m.start()));
            if (m.end() > m.start()) out.add(m.group());
            last = m.end();
        }
        if (last < text.length()) out.add(text.substring(last));
    }
}
