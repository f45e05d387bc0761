package org.tokenheatmap.formats.json;

import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/** Turns Jackson's exceptions into {@link BadInputException}s that name the file, the JSON pointer and the problem. */
public final class JsonErrors {
    private static final int MAX_POINTER = 120;

    private JsonErrors() {}

    public static BadInputException badInput(Object file, JsonParser parser, JacksonException e) {
        String pointer = parser == null ? "" : pointerOf(parser);
        return new BadInputException(file, pointer, describe(e), e);
    }

    /** Pointer of the parser's current place, e.g. {@code /steps/12/top_k}. */
    public static String pointerOf(JsonParser parser) {
        try {
            String pointer = parser.streamReadContext().pathAsPointer().toString();
            // Hostile nesting makes pointers as long as the nesting; the start says where it is.
            return pointer.length() <= MAX_POINTER ? pointer : pointer.substring(0, MAX_POINTER) + "...";
        } catch (RuntimeException e) {
            return "";
        }
    }

    static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse(message).strip();
        String what;
        if (e instanceof StreamConstraintsException) {
            what = message.contains("nesting depth") ? "nesting deeper than " + Json.MAX_NESTING_DEPTH + " levels" : message;
        } else if (message.contains("Non-standard token 'NaN'") || message.contains("'Infinity'")
                || message.contains("'-Infinity'") || message.contains("'+Infinity'")) {
            what = "NaN and Infinity are not JSON numbers (" + message + ")";
        } else if (message.startsWith("Unexpected end-of-input")) {
            what = "truncated JSON: " + message;
        } else {
            what = message;
        }
        TokenStreamLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            what += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return what;
    }
}
