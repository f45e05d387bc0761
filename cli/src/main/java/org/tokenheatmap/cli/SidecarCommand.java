package org.tokenheatmap.cli;

import org.tokenheatmap.formats.sidecar.Sidecar;
import org.tokenheatmap.formats.sidecar.SidecarJson;
import org.tokenheatmap.formats.sidecar.Sidecars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code heatmap sidecar FILE.npz}: read_sidecar, printed as the JSON object the seed schema describes. */
@Command(name = "sidecar", mixinStandardHelpOptions = true,
        description = "Print a Tier 2 attention or activation sidecar (.npz) as JSON (read_sidecar).")
public final class SidecarCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.npz", description = "attention or activation sidecar archive")
    Path file;

    @Override
    public Integer call() throws Exception {
        Sidecar sidecar = Sidecars.read(file);
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        SidecarJson.write(sidecar, out);
        return HeatmapCli.EXIT_OK;
    }
}
