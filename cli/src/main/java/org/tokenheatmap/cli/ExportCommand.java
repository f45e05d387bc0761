package org.tokenheatmap.cli;

import org.tokenheatmap.viewer.RunStore;
import org.tokenheatmap.viewer.export.HeatmapExport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code heatmap export RUN (--html F | --png F | --svg F)}: an offline page or an image of the token heatmap. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a run as a self-contained HTML page, PNG or SVG.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Run directory (holds trace.json).")
    Path run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--html", description = "Self-contained offline HTML viewer.") Path html;
        @Option(names = "--png", description = "Token heatmap as PNG.") Path png;
        @Option(names = "--svg", description = "Token heatmap as SVG.") Path svg;
    }

    @Option(names = "--metric", defaultValue = "probability", description = "Colour by: probability, logprob, entropy, rank, surprisal.")
    String metric;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(run.resolve("trace.json"))) throw new IllegalArgumentException(run + ": no trace.json (not a run directory)");
        Path dir = run.toRealPath();
        RunStore store = new RunStore();
        byte[] bytes;
        Path out;
        if (target.html != null) {
            out = target.html;
            bytes = HeatmapExport.html(store, dir);
        } else if (target.png != null) {
            out = target.png;
            bytes = HeatmapExport.png(store.trace(dir), metric);
        } else {
            out = target.svg;
            bytes = HeatmapExport.svg(store.trace(dir), metric);
        }
        // Written beside the target and renamed into place: the file appears complete or not at all.
        Path parent = out.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.write(tmp, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("wrote " + out + " (" + bytes.length + " bytes)");
        return HeatmapCli.EXIT_OK;
    }
}
