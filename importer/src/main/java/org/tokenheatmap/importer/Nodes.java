package org.tokenheatmap.importer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.databind.JsonNode;

/** Field access on a response's JSON that fails with the file, the place and what was expected. */
final class Nodes {
    /** OpenAI's legacy completions write a token that is not valid UTF-8 on its own as {@code bytes:\xe2\x80}. */
    private static final Pattern OPENAI_BYTES = Pattern.compile("bytes:((?:\\\\x[0-9a-fA-F]{2})+)");
    /** Older llama.cpp servers (tokens_to_output_formatted_string) wrote a lone byte as {@code byte: \xe2}. */
    private static final Pattern LLAMA_BYTE = Pattern.compile("byte: ((?:\\\\x[0-9a-fA-F]{2}))");
    /** SentencePiece names a byte-fallback piece {@code <0xE2>} (Gemini's tokens come from a SentencePiece vocabulary). */
    private static final Pattern SENTENCEPIECE_BYTE = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

    private final Path file;
    private final Chunk chunk;

    Nodes(Path file, Chunk chunk) {
        this.file = file;
        this.chunk = chunk;
    }

    Path file() { return file; }

    String at(String pointer) { return chunk.at(pointer); }

    JsonNode root() { return chunk.json(); }

    BadInputException bad(String pointer, String reason) {
        return new BadInputException(file, chunk.at(pointer), reason);
    }

    /** {@code node[name]} when present and not null, else null. */
    static JsonNode optional(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    JsonNode array(JsonNode node, String name, String pointer) {
        JsonNode v = optional(node, name);
        if (v == null) throw bad(pointer, "missing " + name);
        if (!v.isArray()) throw bad(pointer + "/" + name, "must be an array");
        return v;
    }

    JsonNode object(JsonNode node, String pointer) {
        if (node == null || !node.isObject()) throw bad(pointer, "must be an object");
        return node;
    }

    double number(JsonNode node, String name, String pointer) {
        JsonNode v = optional(node, name);
        if (v == null) throw bad(pointer, "missing " + name);
        return number(v, pointer + "/" + name);
    }

    /** {@code value} (found at {@code pointer}) as a finite number. */
    double number(JsonNode value, String pointer) {
        if (value == null || !value.isNumber()) throw bad(pointer, "must be a number");
        double d = value.asDouble();
        if (!Double.isFinite(d)) throw bad(pointer, "must be finite");
        return d;
    }

    /** A logprob: a finite number that is at most 0 (a probability of at most 1). */
    double logprob(JsonNode node, String name, String pointer) {
        if (optional(node, name) == null) throw bad(pointer, "missing " + name);
        return logprob(node.get(name), pointer + "/" + name);
    }

    /** {@code value} (found at {@code pointer}) as a logprob. */
    double logprob(JsonNode value, String pointer) {
        double lp = number(value, pointer);
        if (lp > 1e-6) throw bad(pointer, "logprob " + lp + " is above 0: not a log-probability");
        return Math.min(lp, 0.0);
    }

    /** A probability in [0, 1] as a logprob (llama.cpp with post_sampling_probs, or its old n_probs shape). */
    double probability(JsonNode node, String name, String pointer) {
        double p = number(node, name, pointer);
        if (p < 0 || p > 1 + 1e-6) throw bad(pointer + "/" + name, "probability " + p + " is outside [0, 1]");
        return Math.log(Math.min(p, 1.0));
    }

    String string(JsonNode node, String name, String pointer) {
        JsonNode v = optional(node, name);
        if (v == null) throw bad(pointer, "missing " + name);
        if (!v.isString()) throw bad(pointer + "/" + name, "must be a string");
        return v.asString();
    }

    static String optionalString(JsonNode node, String name) {
        return optionalString(node, name, null);
    }

    static String optionalString(JsonNode node, String name, String otherwise) {
        JsonNode v = optional(node, name);
        return v != null && v.isString() ? v.asString() : otherwise;
    }

    Integer optionalId(JsonNode node, String name, String pointer) {
        JsonNode v = optional(node, name);
        if (v == null) return null;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) throw bad(pointer + "/" + name, "must be a token id (an integer >= 0)");
        return v.asInt();
    }

    /**
     * A token's bytes: its {@code bytes} array when the API gives one (the exact bytes, where the token text may have
     * lost a split character), else its text, reading the byte escapes some servers use for split characters.
     */
    byte[] tokenBytes(JsonNode node, String textField, String pointer) {
        JsonNode bytes = optional(node, "bytes");
        if (bytes != null) {
            if (!bytes.isArray()) throw bad(pointer + "/bytes", "must be an array of byte values");
            byte[] out = new byte[bytes.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode b = bytes.get(i);
                if (!b.isIntegralNumber() || b.asInt() < 0 || b.asInt() > 255)
                    throw bad(pointer + "/bytes/" + i, "must be a byte value 0..255");
                out[i] = (byte) b.asInt();
            }
            return out;
        }
        return textBytes(string(node, textField, pointer));
    }

    static byte[] textBytes(String token) {
        for (Pattern escaped : new Pattern[] {OPENAI_BYTES, LLAMA_BYTE, SENTENCEPIECE_BYTE}) {
            var m = escaped.matcher(token);
            if (m.matches()) return HexFormat.of().parseHex(m.group(1).replace("\\x", ""));
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
