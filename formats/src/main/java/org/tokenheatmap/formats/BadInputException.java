package org.tokenheatmap.formats;

/**
 * A file (or argument) that cannot be used as given. Every parser in the project reports problems
 * through this one type so that the CLI can print "FILE: PLACE: REASON" and exit 1 without a stack trace.
 *
 * @param file  the file the problem is in (a path, or a description such as "--layers")
 * @param place where in it: a JSON pointer, "line 12", "tensor blk.0.attn_q.weight", "byte 4096", ...
 * @param reason what is wrong, phrased for the user
 */
public class BadInputException extends RuntimeException {
    private final String file;
    private final String place;
    private final String reason;

    public BadInputException(Object file, String place, String reason) {
        this(file, place, reason, null);
    }

    public BadInputException(Object file, String place, String reason, Throwable cause) {
        super(format(file, place, reason), cause);
        this.file = String.valueOf(file);
        this.place = place == null ? "" : place;
        this.reason = reason;
    }

    private static String format(Object file, String place, String reason) {
        return place == null || place.isEmpty() ? file + ": " + reason : file + ": " + place + ": " + reason;
    }

    public String file() { return file; }
    public String place() { return place; }
    public String reason() { return reason; }
}
