package org.tokenheatmap.engine.tokenizer;

import java.util.List;

/** Texts that exercise the pre-tokenizer and merge edge cases: scripts, emoji, whitespace runs, code, numbers. */
final class Corpus {
    private Corpus() {}

    static final List<String> TEXTS = List.of(
            "Hello world",
            " Hello world",
            "Hello, World! How are you?",
            "I'm sure they'll say it's fine; we've done what you'd've done. I'M SURE THEY'LL.",
            "Don't stop believin'", "'s 't 're 'Ve 'M 'LL 'D",
            "Äpfel und Birnen, naïve café, Straße, Ελληνικά, Кириллица, עִבְרִית, العربية",
            "日本語のテキストと中文文本，还有한국어 텍스트。",
            "ภาษาไทย हिन्दी বাংলা தமிழ்",
            "emoji 🦙 🤗 🎉 👍🏽 🇩🇪 🏳️‍🌈 👨‍👩‍👧‍👦 ❤️ ☕",
            "👨‍💻👩‍🔬🧑🏾‍🚀",
            "   leading spaces", "trailing spaces   ", "a  b   c    d",
            "\t\ttabs\tand\t\tmore", "line\nbreaks\n\nand\r\nwindows\r\n", "\n\n\n", " \n \n ", "\t \t\n",
            "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
            "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; } // dot",
            "<html><body class=\"x\">&amp; &lt;tag&gt;</body></html>",
            "SELECT * FROM t WHERE x >= 10 AND y != 'abc';",
            "3.14159 2718281828 1,000,000 1e-9 0x1F 007 12345678901234567890",
            "Price: $1,234.56 (€999) - 50% off!!! ???",
            "mixed123numbers456and789letters abc123def",
            "URL: https://example.com/path?q=1&r=two#frag, mail: a.b@c.de",
            "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
            "ℌ𝔢𝔩𝔩𝔬 𝕎𝕠𝕣𝕝𝕕 𝟙𝟚𝟛",
            "combining: e\u0301 a\u0308 n\u0303 ﬁ ﬂ",
            "zero\u200bwidth\u200cjoiners\u200d and\u00a0nbsp\u2009thin\u3000ideographic",
            "......,,,,;;;;!!!!????----____====",
            "The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX.",
            "¡Hola! ¿Qué tal? Ça va? Être ou ne pas être.",
            "tabs\tin\tthe\tmiddle and  double  spaces  everywhere  ");
}
