package org.tokenheatmap.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tokenheatmap.capture.CaptureModel;
import org.tokenheatmap.capture.CaptureOptions;
import org.tokenheatmap.capture.CaptureResult;
import org.tokenheatmap.capture.KnownModel;
import org.tokenheatmap.capture.TerminalHeatmap;
import org.tokenheatmap.engine.generate.SamplingOptions;
import org.tokenheatmap.viewer.ViewerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heatmap demo}: capture a short story with the default model, then open the viewer on it. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Capture a story with the default model (stories260K) into a fresh run directory and open the viewer on it.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = KnownModel.DEFAULT, description = "Model path or known name (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--prompt", defaultValue = "Once upon a time", description = "Story opening (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "200", description = "Story length in tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--seed", description = "Sampling seed (default: random; recorded in the trace).")
    Long seed;

    @Option(names = "--out", paramLabel = "RUN", description = "Run directory (default: heatmap-runs/demo-TIMESTAMP).")
    Path out;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Viewer address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Viewer port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--no-serve", description = "Only capture and print the terminal heatmap; do not start the viewer.")
    boolean noServe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        Path run = out != null ? out
                : Path.of("heatmap-runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        long s = seed != null ? seed : System.nanoTime();
        // Sampled (not greedy) so each demo tells a different story; Tier 1 and Tier 2 of both probes for the viewer.
        CaptureOptions options = CaptureOptions.generate(prompt).maxNewTokens(maxNewTokens)
                .sampling(new SamplingOptions(0.8f, 0, 0.95f, 0f, s)).everything().build();
        CaptureResult result;
        try (CaptureModel m = CaptureExecution.openModel(model, false)) {
            result = CaptureExecution.run(m, options, run, -1, false, stdout, spec.commandLine().getErr());
        }
        if (noServe) {
            // On a terminal the capture report has already shown the heatmap.
            if (!CaptureExecution.stdoutIsTerminal()) stdout.println(TerminalHeatmap.render(prompt, result.steps()));
            stdout.flush();
            return HeatmapCli.EXIT_OK;
        }
        serve(result.runDirectory(), stdout);
        return HeatmapCli.EXIT_OK;
    }

    private void serve(Path runDir, PrintWriter stdout) throws InterruptedException {
        ViewerServer server = ViewerServer.start(runDir.getParent(), host, port);
        String url = "http://" + host + ":" + server.port() + "/?run="
                + URLEncoder.encode(runDir.getFileName().toString(), StandardCharsets.UTF_8);
        stdout.println("heatmap viewer: " + url + "  (Ctrl-C stops)");
        stdout.flush();
        openBrowser(url);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Best effort: the desktop's browser, else xdg-open; the printed URL is the fallback. */
    private static void openBrowser(String url) {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return;
            }
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            // no browser here: the URL printed above is enough
        }
    }
}
