package org.tokenheatmap.engine.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii=False, indent=..., sort_keys=...)} for the values a template sees
 * (maps, lists, strings, numbers, booleans, null): ", " and ": " separators without indent, "," and newlines with it.
 */
final class PythonJson {
    private PythonJson() {}

    /** @param indent spaces per level, or -1 for one line */
    static String dumps(Object value, int indent, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, sortKeys, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int indent, boolean sortKeys, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(number(d));
            case Float f -> out.append(number(f.doubleValue()));
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                if (sortKeys) entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
                container(out, '{', '}', entries, indent, depth, (e, d) -> {
                    string(out, String.valueOf(e.getKey()));
                    out.append(": ");
                    write(out, e.getValue(), indent, sortKeys, d);
                });
            }
            case Collection<?> items -> container(out, '[', ']', new ArrayList<>(items), indent, depth,
                    (item, d) -> write(out, item, indent, sortKeys, d));
            default -> string(out, value.toString());
        }
    }

    private interface ItemWriter<T> { void write(T item, int depth); }

    private static <T> void container(StringBuilder out, char open, char close, List<T> items, int indent, int depth,
                                      ItemWriter<T> writer) {
        out.append(open);
        if (items.isEmpty()) {
            out.append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(indent < 0 ? ", " : ",");
            if (indent >= 0) out.append('\n').append(" ".repeat(indent * (depth + 1)));
            writer.write(items.get(i), depth + 1);
        }
        if (indent >= 0) out.append('\n').append(" ".repeat(indent * depth));
        out.append(close);
    }

    /** Python's float repr for finite values (shortest round trip); NaN and infinities as Python writes them. */
    private static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return (long) d + ".0";
        String s = Double.toString(d);
        return s.replace("E", "e").replaceAll("e(\\d)", "e+$1");
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
