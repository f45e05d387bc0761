package org.tokenheatmap.cli;

import org.tokenheatmap.viewer.ModelList;
import org.tokenheatmap.viewer.ViewerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code heatmap serve [DIR] [--host H] [--port P] [--models NAME=PATH,...]}: the web viewer over the runs, diffs and T³ files under DIR. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web viewer for the runs under DIR.")
public final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = ".", description = "Directory to serve (default: current).")
    Path dir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}; only this machine).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--models", paramLabel = "NAME=PATH[,...]",
            description = "Models the Live tab may capture with, besides the known names (e.g. stories260K) found in the models directory.")
    String models;

    @Override
    public Integer call() throws InterruptedException {
        if (!java.nio.file.Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": not a directory");
        ViewerServer server = ViewerServer.start(dir, host, port, ModelList.parse(models));
        System.out.println("heatmap viewer: http://" + host + ":" + server.port() + "/  (serving " + server.root() + "; Ctrl-C stops)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return HeatmapCli.EXIT_OK;
    }
}
