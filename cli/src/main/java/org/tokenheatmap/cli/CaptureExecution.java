package org.tokenheatmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tokenheatmap.capture.Capture;
import org.tokenheatmap.capture.CaptureControl;
import org.tokenheatmap.capture.CaptureListener;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.capture.CapturePlan;
import org.tokenheatmap.capture.CaptureResult;
import org.tokenheatmap.capture.ModelDownloader;
import org.tokenheatmap.capture.ModelLocator;
import org.tokenheatmap.capture.OutputEstimate;
import org.tokenheatmap.capture.TerminalHeatmap;
import org.tokenheatmap.formats.trace.Step;

/**
 * What {@code capture} and {@code demo} share: model resolution with a download bar, the size check, a progress bar,
 * Ctrl-C handling (stop between forward passes and keep a valid, shorter run) and the closing report.
 */
final class CaptureExecution {
    /** How long a Ctrl-C waits for the capture to write what it has. */
    private static final long INTERRUPT_GRACE_SECONDS = 60;

    private CaptureExecution() {}

    static CaptureModel openModel(String spec, boolean quiet) {
        Path path = ModelLocator.fromEnvironment().resolve(spec, quiet ? ModelDownloader.Progress.NONE : new DownloadBar(spec));
        return CaptureModel.open(path);
    }

    /**
     * Plans, checks the size, runs and reports. {@code maxOutputBytes} < 0 skips the size check ({@code --force}).
     */
    static CaptureResult run(CaptureModel model, CaptureOptions options, Path out, long maxOutputBytes, boolean quiet,
                             PrintWriter stdout, PrintWriter stderr) {
        CapturePlan plan = CapturePlan.of(model, options);
        stderr.println(plan.estimate().describe());
        stderr.flush();
        if (maxOutputBytes >= 0) plan.requireOutputWithin(maxOutputBytes);
        CaptureControl control = new CaptureControl();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            control.requestStop();
            try {
                finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "heatmap-capture-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Bar bar = new Bar(quiet);
        try {
            CaptureResult result;
            try {
                result = Capture.run(plan, out, control, bar);
            } finally {
                bar.close();
            }
            report(result, options, quiet, stdout);
            return result;
        } finally {
            // After the report, so that a Ctrl-C lets the interrupted run's summary line out before the JVM exits.
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and has just been released
            }
        }
    }

    private static void report(CaptureResult r, CaptureOptions options, boolean quiet, PrintWriter out) {
        var s = r.summary();
        out.printf(java.util.Locale.ROOT, "wrote %s: %d steps (%s), perplexity %s, mean entropy %s nats, %s tokens/s%n",
                r.runDirectory(), s.numSteps(), r.stopReason(), format(s.perplexity()), format(s.meanEntropy()),
                format(s.tokensPerSecond()));
        if (!quiet && stdoutIsTerminal()) {
            out.println(TerminalHeatmap.render(options.mode() == CaptureOptions.Mode.GENERATE ? options.text() : "", r.steps()));
        }
        out.flush();
    }

    static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    private static String format(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    static long parseMaxSize(String text, boolean force) {
        return force ? -1 : OutputEstimate.parseSize(text);
    }

    /** Capture progress on stderr. */
    private static final class Bar implements CaptureListener {
        private final boolean quiet;
        private ProgressBar bar;

        Bar(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public void started(int plannedSteps) {
            if (!quiet) {
                bar = new ProgressBarBuilder().setTaskName("capture").setInitialMax(plannedSteps).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).setUnit(" tokens", 1).build();
            }
        }

        @Override
        public void stepCaptured(Step step) {
            if (bar != null) bar.step();
        }

        void close() {
            if (bar != null) bar.close();
        }
    }

    /** Download progress on stderr, created on the first byte. */
    private static final class DownloadBar implements ModelDownloader.Progress {
        private final String name;
        private ProgressBar bar;

        DownloadBar(String name) {
            this.name = name;
        }

        @Override
        public void update(long done, long total) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("download " + name).setInitialMax(Math.max(total, 0))
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).setUpdateIntervalMillis(250).build();
            }
            bar.stepTo(done);
            if (done == total) bar.close();
        }
    }
}
