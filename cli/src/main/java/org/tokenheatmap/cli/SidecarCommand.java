package org.tokenheatmap.cli;

import org.tokenheatmap.formats.sidecar.SidecarJson;
import org.tokenheatmap.formats.sidecar.Sidecars;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code heatmap sidecar FILE.npz}: read_sidecar, printed as the JSON object the seed schema describes. */
@Command(name = "sidecar", mixinStandardHelpOptions = true,
        description = "Print a Tier 2 attention or activation sidecar (.npz) as JSON (read_sidecar).")
public final class SidecarCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.npz", description = "attention or activation sidecar archive")
    Path file;

    @Override
    public Integer call() throws Exception {
        SidecarJson.write(Sidecars.read(file), spec.commandLine().getOut());
        return HeatmapCli.EXIT_OK;
    }
}
