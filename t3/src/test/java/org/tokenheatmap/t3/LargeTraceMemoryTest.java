package org.tokenheatmap.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.analysis.TraceSummary;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.testkit.ChildJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A ~200 MB trace summarised and indexed in a child JVM whose heap is a fraction of the file. */
class LargeTraceMemoryTest {

    static final String HEAP = "-Xmx40m";

    @TempDir
    Path dir;

    @Test
    void summaryAndIndexRunInBoundedMemory() throws Exception {
        SyntheticTrace t = new SyntheticTrace(new SyntheticTrace.Config(4, 16, 8, true, true, 1500, 1, 4, 600, 9));
        Path file = dir.resolve("large.jsonl");
        t.write(file);
        long size = Files.size(file);
        assertTrue(size > 150_000_000L, "trace is only " + size + " bytes");

        String out = ChildJvm.main(Probe.class, List.of(HEAP), file).withTimeout(Duration.ofMinutes(5)).run();
        List<String> lines = out.lines().toList();
        assertEquals("frames " + t.frames(), lines.get(0));
        assertEquals("chain_states " + t.chainStates(), lines.get(1));
        assertEquals("last frame_idx " + (t.frames() - 1), lines.get(2));
    }

    /** Child-JVM entry point: summary, then index and the last frame, all under {@link #HEAP}. */
    public static final class Probe {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            TraceSummary s = Summarizer.summarize(file, T3Reader.Mode.STRICT);
            System.out.println("frames " + s.nFrames());
            System.out.println("chain_states " + s.nChainStates());
            try (T3Trace trace = T3Trace.open(file)) {
                System.out.println("last frame_idx " + trace.frame(trace.frameCount() - 1).frameIdx());
            }
        }
    }
}
