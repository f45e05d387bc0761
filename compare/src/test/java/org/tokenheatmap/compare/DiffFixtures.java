package org.tokenheatmap.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tokenheatmap.formats.fixtures.DiffFixture;
import org.tokenheatmap.formats.fixtures.RunFixture;

/**
 * The two diff files of two fixture runs, as the viewer serves them: the activation diff (formats' DiffFixture,
 * position alignment, its alignment first for the viewer's catalog) and the token diff naming it, written by this
 * module's TokenDiffWriter.
 */
public final class DiffFixtures {
    public static final String ACTIVATION_DIFF = "activation-diff.json", TOKEN_DIFF = "token-diff.json";

    private DiffFixtures() {}

    /** Writes both files into {@code dir} (created if needed); returns the token diff's path. */
    public static Path write(Path dir, RunFixture a, RunFixture b) throws IOException {
        Files.createDirectories(dir);
        DiffFixture diff = new DiffFixture(a, b);
        diff.writeActivationDiffAlignmentFirst(dir.resolve(ACTIVATION_DIFF));
        // as heatmap diff keys the divergence: token ids mean the same on both sides only with one tokenizer
        TokenDivergence.Key key = a.fingerprint().equals(b.fingerprint()) ? TokenDivergence.Key.TOKEN_ID
                : TokenDivergence.Key.TEXT;
        int unpairedA = a.stepCount() - diff.stepCount(), unpairedB = b.stepCount() - diff.stepCount();
        var header = new TokenDiff.Header(TokenDiff.SCHEMA_VERSION, ACTIVATION_DIFF, source("a", a), source("b", b),
                new TokenDiff.AlignmentInfo("position", "position", diff.stepCount(), unpairedA, unpairedB), "sidecars",
                new TokenDiff.Divergence("jensen_shannon", 2, key.wireName()));
        Path tokens = dir.resolve(TOKEN_DIFF);
        try (TokenDiffWriter w = new TokenDiffWriter(tokens, header)) {
            for (int i = 0; i < diff.stepCount(); i++) w.write(TokenDiff.StepDiff.of(i, a.step(i), b.step(i), key));
            w.finish();
        }
        return tokens;
    }

    private static TokenDiff.Source source(String side, RunFixture run) {
        return new TokenDiff.Source(side + "/trace.json", run.header().model().name(), run.fingerprint());
    }
}
