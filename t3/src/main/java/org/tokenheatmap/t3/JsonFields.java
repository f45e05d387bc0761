package org.tokenheatmap.t3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the fields of one JSON object of a trace line. Every failure names the JSON pointer of the
 * offending value so that the caller can report "line N: /pointer: what is wrong".
 */
final class JsonFields {

    /** A value of the wrong type; the message starts with its JSON pointer within the line's record. */
    static final class FieldException extends RuntimeException {
        FieldException(String pointer, String reason) {
            super(pointer + ": " + reason, null, false, false);
        }
    }

    private final Map<String, Object> object;

    @SuppressWarnings("unchecked")
    JsonFields(Object object) {
        if (!(object instanceof Map<?, ?>)) throw new FieldException("", "expected a JSON object");
        this.object = (Map<String, Object>) object;
    }

    private Object required(String name) {
        Object v = object.get(name);
        if (v == null || v == JsonValues.NULL) throw new FieldException("/" + name, "required field is missing");
        return v;
    }

    private Object optional(String name) {
        Object v = object.get(name);
        return v == null || v == JsonValues.NULL ? null : v;
    }

    int integer(String name) { return toInt(required(name), "/" + name); }

    int integer(String name, int absent) {
        Object v = optional(name);
        return v == null ? absent : toInt(v, "/" + name);
    }

    double number(String name) { return toDouble(required(name), "/" + name); }

    Double optNumber(String name) {
        Object v = optional(name);
        return v == null ? null : toDouble(v, "/" + name);
    }

    String string(String name) {
        if (!(required(name) instanceof String v)) throw new FieldException("/" + name, "expected a string");
        return v;
    }

    boolean bool(String name) {
        if (!(required(name) instanceof Boolean v)) throw new FieldException("/" + name, "expected true or false");
        return v;
    }

    Boolean optBool(String name) {
        Object v = optional(name);
        if (v == null) return null;
        if (!(v instanceof Boolean b)) throw new FieldException("/" + name, "expected true or false");
        return b;
    }

    JsonFields object(String name) {
        Object v = required(name);
        if (!(v instanceof Map<?, ?>)) throw new FieldException("/" + name, "expected a JSON object");
        return new JsonFields(v);
    }

    int[] ints(String name) { return toInts(required(name), "/" + name); }

    int[] optInts(String name) {
        Object v = optional(name);
        return v == null ? null : toInts(v, "/" + name);
    }

    double[] vector(String name) { return toVector(required(name), "/" + name); }

    double[] optVector(String name) {
        Object v = optional(name);
        return v == null ? null : toVector(v, "/" + name);
    }

    /** An array that the spec lets be null or absent when the capability is missing: read as empty. */
    double[] vectorOrEmpty(String name) {
        Object v = optional(name);
        return v == null ? new double[0] : toVector(v, "/" + name);
    }

    /** A list of number lists; rows may differ in length (shapes are checked by validation, not here). */
    double[][] matrix(String name) { return toMatrix(required(name), "/" + name); }

    double[][] optMatrix(String name) {
        Object v = optional(name);
        return v == null ? null : toMatrix(v, "/" + name);
    }

    List<String> strings(String name) {
        String at = "/" + name;
        Object v = required(name);
        if (v instanceof double[] d && d.length == 0) return List.of();
        if (!(v instanceof Object[] items)) throw new FieldException(at, "expected an array of strings");
        List<String> out = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof String str)) throw new FieldException(at + "/" + i, "expected a string");
            out.add(str);
        }
        return out;
    }

    List<T3Record.TopToken> optTopTokens(String name) {
        Object v = optional(name);
        if (v == null) return null;
        String at = "/" + name;
        if (v instanceof double[] d && d.length == 0) return List.of();
        if (!(v instanceof Object[] items)) throw new FieldException(at, "expected an array of [token, probability]");
        List<T3Record.TopToken> out = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof Object[] pair) || pair.length != 2 || !(pair[0] instanceof String token))
                throw new FieldException(at + "/" + i, "expected [token, probability]");
            out.add(new T3Record.TopToken(token, toDouble(pair[1], at + "/" + i + "/1")));
        }
        return out;
    }

    private static int toInt(Object v, String at) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return l.intValue();
        throw new FieldException(at, "expected an integer");
    }

    private static double toDouble(Object v, String at) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l) return l;
        throw new FieldException(at, "expected a number");
    }

    /** Integer arrays arrive as double[] (all-number arrays): every entry must be whole and fit an int. */
    private static int[] toInts(Object v, String at) {
        double[] d = toVector(v, at);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > Integer.MAX_VALUE)
                throw new FieldException(at + "/" + i, "expected an integer");
            out[i] = (int) d[i];
        }
        return out;
    }

    private static double[] toVector(Object v, String at) {
        if (v instanceof double[] d) return d;
        if (v instanceof Object[] items) {
            for (int i = 0; i < items.length; i++)
                if (!(items[i] instanceof Double || items[i] instanceof Long))
                    throw new FieldException(at + "/" + i, "expected a number");
        }
        throw new FieldException(at, "expected an array of numbers");
    }

    private static double[][] toMatrix(Object v, String at) {
        if (v instanceof double[] d && d.length == 0) return new double[0][];
        if (!(v instanceof Object[] rows)) {
            if (v instanceof double[]) throw new FieldException(at + "/0", "expected an array of numbers");
            throw new FieldException(at, "expected an array of arrays");
        }
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = toVector(rows[i], at + "/" + i);
        return out;
    }
}
