package org.tokenheatmap.engine.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python {@code str} methods that Hugging Face chat templates call ({@code content.startswith('<think>')},
 * {@code .strip('\n')}, {@code .split('</think>')[-1]}, ...), with Python's semantics: Jinjava would otherwise look
 * for Java methods of the same name, which either do not exist ({@code startswith}) or differ ({@code split} takes a
 * regex and drops trailing empty strings). Only method calls on strings are handled; everything else falls through
 * to the next resolver.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) return null;
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, name, args);
        if (result != NOT_HANDLED) context.setPropertyResolved(true);
        return result == NOT_HANDLED ? null : result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object call(String s, String name, Object[] args) {
        return switch (name) {
            case "startswith" -> args.length == 1 ? anyPrefix(s, args[0], true) : NOT_HANDLED;
            case "endswith" -> args.length == 1 ? anyPrefix(s, args[0], false) : NOT_HANDLED;
            case "strip" -> args.length <= 1 ? strip(s, chars(args), true, true) : NOT_HANDLED;
            case "lstrip" -> args.length <= 1 ? strip(s, chars(args), true, false) : NOT_HANDLED;
            case "rstrip" -> args.length <= 1 ? strip(s, chars(args), false, true) : NOT_HANDLED;
            case "split" -> args.length <= 2 ? split(s, args.length == 0 ? null : (String) args[0],
                    args.length == 2 ? ((Number) args[1]).intValue() : -1) : NOT_HANDLED;
            case "upper" -> args.length == 0 ? s.toUpperCase(java.util.Locale.ROOT) : NOT_HANDLED;
            case "lower" -> args.length == 0 ? s.toLowerCase(java.util.Locale.ROOT) : NOT_HANDLED;
            case "title" -> args.length == 0 ? title(s) : NOT_HANDLED;
            case "capitalize" -> args.length == 0 ? capitalize(s) : NOT_HANDLED;
            case "replace" -> args.length == 2 || args.length == 3 ? replace(s, str(args[0]), str(args[1]),
                    args.length == 3 ? ((Number) args[2]).intValue() : -1) : NOT_HANDLED;
            case "find" -> args.length == 1 ? (long) s.indexOf(str(args[0])) : NOT_HANDLED;
            case "count" -> args.length == 1 ? count(s, str(args[0])) : NOT_HANDLED;
            case "join" -> args.length == 1 && args[0] instanceof Collection<?> c ? join(s, c) : NOT_HANDLED;
            case "isspace" -> args.length == 0 ? !s.isEmpty() && s.codePoints().allMatch(PythonStringMethods::isSpace) : NOT_HANDLED;
            case "isdigit" -> args.length == 0 ? !s.isEmpty() && s.codePoints().allMatch(Character::isDigit) : NOT_HANDLED;
            default -> NOT_HANDLED;
        };
    }

    private static String str(Object o) { return String.valueOf(o); }

    private static String chars(Object[] args) { return args.length == 0 || args[0] == null ? null : str(args[0]); }

    /** {@code startswith}/{@code endswith} take one string or a tuple (a list here) of alternatives. */
    private static boolean anyPrefix(String s, Object arg, boolean start) {
        if (arg instanceof Collection<?> alternatives) {
            for (Object a : alternatives) if (start ? s.startsWith(str(a)) : s.endsWith(str(a))) return true;
            return false;
        }
        return start ? s.startsWith(str(arg)) : s.endsWith(str(arg));
    }

    /** Python's {@code str.isspace} per code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85;
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0, to = s.length();
        while (left && from < to && stripped(s.codePointAt(from), chars)) from += Character.charCount(s.codePointAt(from));
        while (right && to > from && stripped(s.codePointBefore(to), chars)) to -= Character.charCount(s.codePointBefore(to));
        return s.substring(from, to);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /** Python {@code str.split}: literal separator, empty strings kept; no separator splits on whitespace runs. */
    private static List<String> split(String s, String sep, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0, n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                if (i >= n) break;
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    break;
                }
                int start = i;
                while (i < n && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                parts.add(s.substring(start, i));
            }
            return parts;
        }
        if (sep.isEmpty()) throw new IllegalArgumentException("empty separator");
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0 && (maxSplit < 0 || parts.size() < maxSplit); at = s.indexOf(sep, from)) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) return s.replace(old, replacement);
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int done = 0; done < count; done++) {
            int at = s.indexOf(old, from);
            if (at < 0) break;
            out.append(s, from, at).append(replacement);
            from = at + old.length();
            if (old.isEmpty()) break;
        }
        return out.append(s.substring(from)).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1L;
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static String join(String separator, Collection<?> items) {
        List<String> texts = new ArrayList<>(items.size());
        for (Object item : items) texts.add(str(item));
        return String.join(separator, texts);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = Character.isLetter(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(java.util.Locale.ROOT)).toString();
    }

    // Property access is left to the other resolvers.
    @Override public Object getValue(ELContext context, Object base, Object property) { return null; }
    @Override public Class<?> getType(ELContext context, Object base, Object property) { return null; }
    @Override public void setValue(ELContext context, Object base, Object property, Object value) {}
    @Override public boolean isReadOnly(ELContext context, Object base, Object property) { return true; }
    @Override public java.util.Iterator<java.beans.FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) { return null; }
    @Override public Class<?> getCommonPropertyType(ELContext context, Object base) { return null; }
}
