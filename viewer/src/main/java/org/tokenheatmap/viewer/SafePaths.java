package org.tokenheatmap.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns a client-supplied relative path into a real path inside the served root, or refuses it.
 * Two independent guards: a lexical one (no {@code ..} segment, no absolute path, at any depth of
 * percent-decoding) and a physical one (the real path, symlinks resolved, must lie under the root's real path).
 */
public final class SafePaths {

    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9a-fA-F]{2}");
    private static final int MAX_DECODE_ROUNDS = 4;
    private static final int MAX_LENGTH = 4096;

    private final Path realRoot;

    public SafePaths(Path root) {
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + root, e);
        }
    }

    public Path root() {
        return realRoot;
    }

    /** Resolves {@code requested} (relative, '/'-separated) to an existing file or directory under the root. */
    public Path resolve(String requested) {
        if (requested == null) throw new PathRefusedException("", "missing");
        if (requested.length() > MAX_LENGTH) throw new PathRefusedException(requested.substring(0, 64) + "…", "too long");
        checkLexically(requested, requested);
        String decoded = requested;
        for (int round = 0; round < MAX_DECODE_ROUNDS && PERCENT_ESCAPE.matcher(decoded).find(); round++) {
            decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            checkLexically(requested, decoded);
        }
        if (PERCENT_ESCAPE.matcher(decoded).find()) throw new PathRefusedException(requested, "too deeply percent-encoded");
        Path candidate = requested.isEmpty() ? realRoot : realRoot.resolve(requested).normalize();
        if (!candidate.startsWith(realRoot)) throw new PathRefusedException(requested, "outside the served directory");
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new PathNotFoundException(requested);
        }
        if (!real.startsWith(realRoot)) throw new PathRefusedException(requested, "resolves outside the served directory");
        return real;
    }

    /** The path of {@code file} relative to the root, '/'-separated, as the API names it. */
    public String relativize(Path file) {
        return realRoot.relativize(file).toString().replace('\\', '/');
    }

    private static void checkLexically(String original, String path) {
        if (path.indexOf('\0') >= 0) throw new PathRefusedException(original, "contains NUL");
        if (path.indexOf('\\') >= 0) throw new PathRefusedException(original, "contains a backslash");
        if (path.startsWith("/") || path.startsWith("~") || (path.length() > 1 && path.charAt(1) == ':')) {
            throw new PathRefusedException(original, "absolute paths are not served");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) throw new PathRefusedException(original, "'..' is not allowed");
        }
    }

    /** The path is well-formed and inside the root but names nothing. */
    public static final class PathNotFoundException extends RuntimeException {
        public PathNotFoundException(String path) {
            super("no such file: " + path);
        }
    }
}
