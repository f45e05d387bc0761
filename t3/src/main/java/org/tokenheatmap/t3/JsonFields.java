package org.tokenheatmap.t3;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the fields of one JSON object of a trace line. Every failure names the JSON pointer of the
 * offending value so that the caller can report "line N: /pointer: what is wrong".
 */
final class JsonFields {

    /** A value of the wrong type or shape; {@code pointer} is relative to the line's record. */
    static final class FieldException extends RuntimeException {
        final String pointer;

        FieldException(String pointer, String reason) {
            super(pointer + ": " + reason, null, false, false);
            this.pointer = pointer;
        }
    }

    private final JsonNode object;

    JsonFields(JsonNode object) {
        if (!object.isObject()) throw new FieldException("", "expected a JSON object");
        this.object = object;
    }

    private JsonNode required(String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) throw new FieldException("/" + name, "required field is missing");
        return v;
    }

    private JsonNode optional(String name) {
        JsonNode v = object.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) { return optional(name) != null; }

    int integer(String name) { return toInt(required(name), "/" + name); }

    int integer(String name, int absent) {
        JsonNode v = optional(name);
        return v == null ? absent : toInt(v, "/" + name);
    }

    double number(String name) { return toDouble(required(name), "/" + name); }

    Double optNumber(String name) {
        JsonNode v = optional(name);
        return v == null ? null : toDouble(v, "/" + name);
    }

    String string(String name) {
        JsonNode v = required(name);
        if (!v.isString()) throw new FieldException("/" + name, "expected a string");
        return v.stringValue();
    }

    boolean bool(String name) {
        JsonNode v = required(name);
        if (!v.isBoolean()) throw new FieldException("/" + name, "expected true or false");
        return v.booleanValue();
    }

    Boolean optBool(String name) {
        JsonNode v = optional(name);
        if (v == null) return null;
        if (!v.isBoolean()) throw new FieldException("/" + name, "expected true or false");
        return v.booleanValue();
    }

    JsonFields object(String name) {
        JsonNode v = required(name);
        if (!v.isObject()) throw new FieldException("/" + name, "expected a JSON object");
        return new JsonFields(v);
    }

    int[] ints(String name) { return toInts(required(name), "/" + name); }

    int[] optInts(String name) {
        JsonNode v = optional(name);
        return v == null ? null : toInts(v, "/" + name);
    }

    double[] vector(String name) { return toVector(required(name), "/" + name); }

    double[] optVector(String name) {
        JsonNode v = optional(name);
        return v == null ? null : toVector(v, "/" + name);
    }

    /** An array that the spec lets be null or absent when the capability is missing: read as empty. */
    double[] vectorOrEmpty(String name) {
        JsonNode v = optional(name);
        return v == null ? new double[0] : toVector(v, "/" + name);
    }

    /** A list of number lists; rows may differ in length (shapes are checked by validation, not here). */
    double[][] matrix(String name) { return toMatrix(required(name), "/" + name); }

    double[][] optMatrix(String name) {
        JsonNode v = optional(name);
        return v == null ? null : toMatrix(v, "/" + name);
    }

    List<String> strings(String name) {
        JsonNode v = array(required(name), "/" + name);
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isString()) throw new FieldException("/" + name + "/" + i, "expected a string");
            out.add(v.get(i).stringValue());
        }
        return out;
    }

    List<T3Record.TopToken> optTopTokens(String name) {
        JsonNode v = optional(name);
        if (v == null) return null;
        array(v, "/" + name);
        List<T3Record.TopToken> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String at = "/" + name + "/" + i;
            JsonNode pair = array(v.get(i), at);
            if (pair.size() != 2 || !pair.get(0).isString())
                throw new FieldException(at, "expected [token, probability]");
            out.add(new T3Record.TopToken(pair.get(0).stringValue(), toDouble(pair.get(1), at + "/1")));
        }
        return out;
    }

    private static JsonNode array(JsonNode v, String at) {
        if (!v.isArray()) throw new FieldException(at, "expected an array");
        return v;
    }

    private static int toInt(JsonNode v, String at) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new FieldException(at, "expected an integer");
        return v.intValue();
    }

    private static double toDouble(JsonNode v, String at) {
        if (!v.isNumber()) throw new FieldException(at, "expected a number");
        return v.doubleValue();
    }

    private static int[] toInts(JsonNode v, String at) {
        array(v, at);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(v.get(i), at + "/" + i);
        return out;
    }

    private static double[] toVector(JsonNode v, String at) {
        array(v, at);
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = toDouble(v.get(i), at + "/" + i);
        return out;
    }

    private static double[][] toMatrix(JsonNode v, String at) {
        array(v, at);
        double[][] out = new double[v.size()][];
        for (int i = 0; i < out.length; i++) out[i] = toVector(v.get(i), at + "/" + i);
        return out;
    }
}
