package org.tokenheatmap.formats.npz;

import org.tokenheatmap.formats.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of a {@code .npy} header, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Only the literal forms numpy writes are
 * accepted (strings, True/False, tuples of non-negative ints); anything else is bad input, never evaluated.
 */
final class NpyHeaderParser {

    /** Largest unicode width accepted, so that item sizes stay far from int overflow. */
    private static final int MAX_UNICODE_WIDTH = 1 << 24;
    private static final int MAX_DIMENSIONS = 64;

    private final String text;
    private final Object file;
    private final String place;
    private int pos;

    private NpyHeaderParser(String text, Object file, String place) {
        this.text = text;
        this.file = file;
        this.place = place;
    }

    static NpyHeader parse(String text, Object file, String place) {
        return new NpyHeaderParser(text, file, place).header();
    }

    private NpyHeader header() {
        Map<String, Object> dict = dict();
        skipSpace();
        if (pos != text.length()) throw bad("unexpected text after the header dict at column " + pos);
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape")))
            throw bad("header keys must be descr, fortran_order and shape, found " + dict.keySet());
        if (!(dict.get("descr") instanceof String descr)) throw bad("descr is not a simple dtype string (structured dtypes are not supported)");
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) throw bad("fortran_order is not True or False");
        if (fortran) throw bad("Fortran-order arrays are not supported (write them in C order)");
        if (!(dict.get("shape") instanceof long[] shape)) throw bad("shape is not a tuple of integers");
        return dtype(descr, shape);
    }

    private NpyHeader dtype(String descr, long[] shape) {
        for (DType t : DType.values()) {
            if (t != DType.UNICODE && t.descr().equals(descr)) return new NpyHeader(t, t.unitSize(), shape);
        }
        if (descr.startsWith("<U") && descr.length() > 2 && descr.length() <= 10 && descr.substring(2).chars().allMatch(Character::isDigit)) {
            long width = Long.parseLong(descr.substring(2));
            if (width > MAX_UNICODE_WIDTH) throw bad("unicode width " + width + " is absurd");
            // Zero-width elements would let a shape claim billions of strings backed by no bytes at all.
            if (width == 0) throw bad("zero-width unicode dtype '<U0' is not supported");
            return new NpyHeader(DType.UNICODE, (int) width * 4, shape);
        }
        if (descr.startsWith(">")) throw bad("big-endian dtype '" + descr + "' is not supported (only little-endian)");
        throw bad("unsupported dtype '" + descr + "' (supported: <f4, <f2, <i4, <i8, <U n)");
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> out = new HashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') { pos++; return out; }
            String key = string();
            expect(':');
            Object value = value();
            if (out.put(key, value) != null) throw bad("duplicate header key '" + key + "'");
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != '}') throw bad("expected ',' or '}' at column " + pos);
        }
    }

    private Object value() {
        skipSpace();
        char c = peek();
        if (c == '\'' || c == '"') return string();
        if (c == '(' || c == '[') return tuple();
        if (text.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
        if (text.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
        // Any other literal (a list of fields for structured dtypes, ...) is unsupported; report where.
        throw bad("unsupported value in header at column " + pos);
    }

    private long[] tuple() {
        char close = text.charAt(pos++) == '(' ? ')' : ']';
        List<Long> dims = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) { pos++; break; }
            dims.add(integer());
            if (dims.size() > MAX_DIMENSIONS) throw bad("more than " + MAX_DIMENSIONS + " dimensions");
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != close) throw bad("expected ',' or '" + close + "' in shape at column " + pos);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private long integer() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - start <= 19) pos++;
        if (pos == start) throw bad("expected a non-negative integer in shape at column " + pos);
        long value;
        try {
            value = Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            throw bad("shape extent too large at column " + start);
        }
        if (pos < text.length() && text.charAt(pos) == 'L') pos++; // Python 2 long suffix
        return value;
    }

    private String string() {
        skipSpace();
        char quote = peek();
        if (quote != '\'' && quote != '"') throw bad("expected a quoted string at column " + pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) throw bad("unterminated string at column " + pos);
        String s = text.substring(pos + 1, end);
        if (s.indexOf('\\') >= 0) throw bad("escape sequences are not supported in header strings");
        pos = end + 1;
        return s;
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) throw bad("expected '" + c + "' at column " + pos);
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) throw bad("header dict ends early");
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private BadInputException bad(String reason) {
        return new BadInputException(file, place, "npy header: " + reason);
    }
}
