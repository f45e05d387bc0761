package org.tokenheatmap.formats.validate;

import java.nio.file.Path;
import java.util.List;

/**
 * Validates one kind of file (main trace, activation trace, sidecar, T3 trace, ...). Implementations are
 * found with {@link java.util.ServiceLoader}, so modules beside formats (such as t3) can add kinds without
 * formats depending on them. {@code heatmap validate} asks each in turn whether it recognises a file.
 */
public interface FileKindValidator {

    /** Short name of the kind, e.g. "trace", "activation-trace", "attention-sidecar", "t3-trace". */
    String kind();

    /**
     * Whether this validator recognises the file, judged by content: {@code head} holds up to the
     * first 64 KiB of the file (fewer bytes for shorter files).
     */
    boolean recognises(Path file, byte[] head);

    /** Every problem found (empty when valid). Must use bounded memory for large files and never throw for bad content. */
    List<Problem> validate(Path file);
}
