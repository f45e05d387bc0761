package org.tokenheatmap.viewer;

/** A client asked for a path outside the served directory (or one that cannot name a file in it). */
public final class PathRefusedException extends RuntimeException {
    public PathRefusedException(String path, String reason) {
        super("refused path '" + path + "': " + reason);
    }
}
