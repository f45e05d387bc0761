package org.tokenheatmap.capture;

import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.trace.PromptToken;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;

/** A finished capture: where its run directory is and what it recorded. */
public record CaptureResult(Path runDirectory, String stopReason, List<PromptToken> promptTokens, List<Step> steps,
                            Summary summary) {}
