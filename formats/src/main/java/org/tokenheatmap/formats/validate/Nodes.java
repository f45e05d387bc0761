package org.tokenheatmap.formats.validate;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Defensive reads of JSON trees that may not match their schema. */
final class Nodes {
    private Nodes() {}

    /** The integers of an array of integers; null when {@code node} is missing or not such an array. */
    static List<Long> longs(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<Long> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                return null;
            }
            out.add(n.longValue());
        }
        return out;
    }

    /** The strings of an array of strings; null when {@code node} is missing or not such an array. */
    static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.isString()) {
                return null;
            }
            out.add(n.asString());
        }
        return out;
    }

    /** An integer member, or null when absent or not an integer. */
    static Long longAt(JsonNode node, String name) {
        JsonNode n = node == null ? null : node.get(name);
        return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
    }

    /** Where the integer member {@code name} is present, it must equal {@code index}, the element's place in its array. */
    static void requireIndex(JsonNode element, String name, int index, String place, Problems problems) {
        Long value = longAt(element, name);
        if (value != null && value != index) {
            problems.add(place + "/" + name, "is " + value + " but must equal its index " + index);
        }
    }

    /** A number member, or null when absent or not a number. */
    static Double doubleAt(JsonNode node, String name) {
        JsonNode n = node == null ? null : node.get(name);
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }

    /** A string member, or null when absent or not a string. */
    static String stringAt(JsonNode node, String name) {
        JsonNode n = node == null ? null : node.get(name);
        return n != null && n.isString() ? n.asString() : null;
    }

    /** Checks that {@code values} ascend strictly (which also makes them duplicate-free). */
    static void requireStrictlyAscending(List<Long> values, String place, Problems problems) {
        if (values == null) {
            return;
        }
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
                problems.add(place + "/" + i, (values.get(i).equals(values.get(i - 1)) ? "duplicate " : "not ascending: ")
                        + values.get(i) + " after " + values.get(i - 1) + "; must be ascending and duplicate-free");
                return;
            }
        }
    }

    /**
     * Checks that the numbers {@code field} of the objects in {@code array} are sorted by descending absolute
     * value (descending value when {@code absolute} is false).
     */
    static void requireDescending(JsonNode array, String field, boolean absolute, String place, Problems problems) {
        if (array == null || !array.isArray()) {
            return;
        }
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < array.size(); i++) {
            Double v = doubleAt(array.get(i), field);
            if (v == null) {
                return;
            }
            double key = absolute ? Math.abs(v) : v;
            if (key > previous) {
                problems.add(place + "/" + i + "/" + field, "not sorted by descending " + (absolute ? "|" + field + "|" : field)
                        + ": " + v + " follows a smaller one");
                return;
            }
            previous = key;
        }
    }

    /** Reports numbers that overflowed to infinity while parsing (e.g. 1e999), which JSON Schema cannot catch. */
    static void requireFinite(JsonNode node, String place, Problems problems) {
        if (node.isContainer()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    requireFinite(node.get(i), place + "/" + i, problems);
                }
            } else {
                for (var e : node.properties()) {
                    requireFinite(e.getValue(), place + "/" + escape(e.getKey()), problems);
                }
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            problems.add(place, "number out of range (not finite as a 64-bit float)");
        }
    }

    /** JSON pointer escaping of one reference token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
