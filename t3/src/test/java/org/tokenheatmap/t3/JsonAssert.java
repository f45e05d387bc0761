package org.tokenheatmap.t3;

import tools.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Deep comparison of JSON trees: same keys everywhere, numbers equal within a tolerance. */
final class JsonAssert {

    private JsonAssert() {}

    static void assertClose(JsonNode expected, JsonNode actual, double tol) {
        compare(expected, actual, tol, "");
    }

    private static void compare(JsonNode e, JsonNode a, double tol, String at) {
        if (e.isNumber() && a.isNumber()) {
            double x = e.doubleValue(), y = a.doubleValue();
            assertTrue(Math.abs(x - y) <= tol * Math.max(1, Math.abs(x)), at + ": expected " + x + ", got " + y);
        } else if (e.isObject() && a.isObject()) {
            Set<String> ek = new TreeSet<>(e.propertyNames()), ak = new TreeSet<>(a.propertyNames());
            assertEquals(ek, ak, at + ": keys");
            for (String k : ek) compare(e.get(k), a.get(k), tol, at + "/" + k);
        } else if (e.isArray() && a.isArray()) {
            assertEquals(e.size(), a.size(), at + ": array length");
            for (int i = 0; i < e.size(); i++) compare(e.get(i), a.get(i), tol, at + "/" + i);
        } else if (!e.equals(a)) {
            fail(at + ": expected " + e + ", got " + a);
        }
    }
}
