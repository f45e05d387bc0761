package org.tokenheatmap.engine.safetensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs src/test/resources/python/hf_llama_reference.py (numpy only). */
final class HfReference {
    private HfReference() {}

    static void run(String... args) throws Exception {
        Path script = Path.of(HfReference.class.getResource("/python/hf_llama_reference.py").toURI());
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(command + " failed: " + log);
    }
}
