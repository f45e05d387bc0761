package org.tokenheatmap.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh JVM running a test class's {@code main}, for what one JVM cannot show about itself: bounded heaps, other
 * JIT tiers, other vector widths. It gets this JVM's class path and the project's JVM flags (the parent pom's
 * {@code heatmap.jvm.flags}, which surefire passes on as a system property), then the caller's options.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java FLAGS OPTIONS -cp CLASSPATH MAIN ARGS...}. */
    public static ExternalProcess main(Class<?> main, List<String> options, Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(projectFlags());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return ExternalProcess.of(command, args);
    }

    static List<String> projectFlags() {
        String flags = System.getProperty("heatmap.jvm.flags");
        if (flags == null) {
            throw new AssertionError("the system property heatmap.jvm.flags is not set: run the tests through Maven,"
                    + " whose surefire configuration (parent pom) sets it");
        }
        return List.of(flags.strip().split("\\s+"));
    }
}
