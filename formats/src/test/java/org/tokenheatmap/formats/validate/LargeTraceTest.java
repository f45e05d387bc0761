package org.tokenheatmap.formats.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.formats.trace.Step;
import org.tokenheatmap.formats.trace.Summary;
import org.tokenheatmap.formats.trace.TraceReader;
import org.tokenheatmap.formats.trace.TraceWriter;
import org.tokenheatmap.testkit.ChildJvm;

/**
 * Memory stays bounded for big files: a 200,000-step trace (about 90 MB of JSON, far more as a tree) is
 * written, then validated and streamed by a child JVM limited to a 64 MiB heap. The last step is made
 * invalid so the validator must really reach it.
 */
class LargeTraceTest {
    private static final int STEPS = 200_000;

    @TempDir
    Path dir;

    @Test
    void validatesAndStreams200kStepsIn64MiBHeap() throws Exception {
        Path file = dir.resolve("trace.json");
        RunFixture fx = RunFixture.generated(11).promptTokens(4).steps(50).attention(false, false).activations(false, false)
                .build();
        List<Step> pattern = fx.steps();
        try (TraceWriter w = TraceWriter.create(file, fx.header())) {
            for (int i = 0; i < STEPS; i++) {
                Step p = pattern.get(i % pattern.size());
                // The last step's rank 0 breaks the schema's minimum of 1.
                w.write(new Step(i, p.tokenId(), p.text(), 2 * i, p.logprob(), p.prob(), p.entropy(),
                        i == STEPS - 1 ? 0 : p.rank(), p.topK(), null, null, p.timeMs()));
            }
            w.finish(new Summary(4, STEPS, -1.0, Math.E, 2.0, 50.0, null, null, null, null));
        }
        long size = Files.size(file);
        assertTrue(size > 64L * 1024 * 1024, "file must exceed the child's heap: " + size);

        String output = ChildJvm.main(LargeTraceTest.class, List.of("-Xmx64m"), file).withTimeout(Duration.ofSeconds(150)).run();
        assertTrue(output.contains("problems=[" + file + ": /steps/199999/rank: must have a minimum value of 1]"), output);
        assertTrue(output.contains("streamed=" + STEPS), output);
        System.out.println("large trace: " + size + " bytes; child: " + output.strip());
    }

    /** Child JVM: validate and stream the file, print what was found and the peak heap used. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        List<Problem> problems = new TraceValidator().validate(file);
        long t1 = System.nanoTime();
        int streamed = 0;
        try (TraceReader reader = TraceReader.open(file)) {
            while (reader.hasNext()) {
                reader.next();
                streamed++;
            }
        }
        long t2 = System.nanoTime();
        long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("problems=%s streamed=%d validate_ms=%d stream_ms=%d peak_heap_pools_mb=%.1f%n", problems, streamed,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, peak / 1048576.0);
    }
}
