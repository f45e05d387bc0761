package org.tokenheatmap.engine.generate;

/** Streaming callback: called once per generated token, on the generating thread. */
@FunctionalInterface
public interface TokenListener {

    /** @return false to stop generating after this token */
    boolean onToken(GeneratedToken token);

    TokenListener NONE = token -> true;
}
