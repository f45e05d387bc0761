package org.tokenheatmap.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex pre-tokenizers of byte-level BPE vocabularies, chosen by GGUF {@code tokenizer.ggml.pre}. The patterns
 * are those of the original tokenizers (tiktoken / Hugging Face); with UNICODE_CHARACTER_CLASS, Java's
 * {@code \s} is Unicode White_Space like in those engines, and {@code \p{L}}/{@code \p{N}} match code points.
 */
public enum PreTokenizer {
    GPT2(Set.of("gpt-2", "default"),
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
    LLAMA3(Set.of("llama-bpe", "llama3"),
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    QWEN2(Set.of("qwen2"),
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final Set<String> ggufNames;
    private final String regex;
    private final Pattern pattern;

    PreTokenizer(Set<String> ggufNames, String regex) {
        this.ggufNames = ggufNames;
        this.regex = regex;
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    public String regex() { return regex; }

    public static PreTokenizer forGgufName(String pre) {
        for (PreTokenizer p : values()) if (p.ggufNames.contains(pre)) return p;
        throw new IllegalArgumentException("unsupported pre-tokenizer '" + pre + "' (supported: gpt-2/default, llama-bpe, qwen2)");
    }

    /** The pre-tokenizer whose pattern is exactly {@code regex} (as written in a tokenizer.json Split). */
    public static PreTokenizer forRegex(String regex) {
        for (PreTokenizer p : values()) if (p.regex.equals(regex)) return p;
        throw new IllegalArgumentException("unsupported pre-tokenizer pattern " + regex);
    }

    /** The canonical GGUF name. */
    public String ggufName() {
        return switch (this) {
            case GPT2 -> "gpt-2";
            case LLAMA3 -> "llama-bpe";
            case QWEN2 -> "qwen2";
        };
    }

    /** Splits text into pre-tokens; text between matches (none for these patterns) is kept as its own piece. */
    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) words.add(text.substring(last, m.start()));
            if (m.end() > m.start()) words.add(m.group());
            last = m.end();
        }
        if (last < text.length()) words.add(text.substring(last));
        return words;
    }
}
