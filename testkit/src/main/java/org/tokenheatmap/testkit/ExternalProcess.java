package org.tokenheatmap.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One run of an external program from a test (a Python or Node reference, a child JVM): the command, its working
 * directory ({@code null}: the test's), the text on its stdin ({@code null}: none), extra environment variables and
 * a timeout. {@link #run} returns its stdout; anything but exit code 0 within the timeout fails the test with the
 * command, the exit code and what the program printed. Thin entry points: {@link Python}, {@link Node}, {@link ChildJvm}.
 */
public record ExternalProcess(List<String> command, Path directory, String stdin, Map<String, String> environment,
                              Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** How long the output may stay open after the program ended (a child process of it may still hold the pipe). */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(30);
    /** What a failure message quotes of each stream, from its end. */
    private static final int QUOTED_CHARS = 20_000;

    public ExternalProcess {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The program and its leading arguments, then {@code more} arguments; each as its {@code toString()}. */
    public static ExternalProcess of(List<?> command, Object... more) {
        List<String> words = Stream.concat(command.stream(), Arrays.stream(more)).map(String::valueOf).toList();
        return new ExternalProcess(words, null, null, Map.of(), DEFAULT_TIMEOUT);
    }

    public ExternalProcess in(Path workingDirectory) {
        return new ExternalProcess(command, workingDirectory, stdin, environment, timeout);
    }

    public ExternalProcess withStdin(String text) {
        return new ExternalProcess(command, directory, text, environment, timeout);
    }

    public ExternalProcess withEnvironment(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(environment);
        more.put(name, value);
        return new ExternalProcess(command, directory, stdin, more, timeout);
    }

    public ExternalProcess withTimeout(Duration limit) {
        return new ExternalProcess(command, directory, stdin, environment, limit);
    }

    /** Runs the program to its end; returns what it printed on stdout. */
    public String run() {
        Process process = start();
        // Both streams are read while the program runs: one left unread could fill its pipe and stall the program.
        FutureTask<String> stdout = drain(process.getInputStream(), "stdout");
        FutureTask<String> stderr = drain(process.getErrorStream(), "stderr");
        try {
            writeStdin(process);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw failure("did not finish within " + timeout.toSeconds() + " s", stdout, stderr);
            }
            if (process.exitValue() != 0) throw failure("exited " + process.exitValue(), stdout, stderr);
            return output(stdout, "stdout");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + describe(), e);
        }
    }

    /** Starts the program in its directory with its environment; stdin, stdout and stderr are pipes. */
    Process start() {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) builder.directory(directory.toFile());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The command line, and the directory it runs in when that is not the test's. */
    public String describe() {
        return String.join(" ", command) + (directory == null ? "" : " (in " + directory + ")");
    }

    private void writeStdin(Process process) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The program closed its stdin before reading all of it; its exit code says whether that was a failure.
        }
    }

    private AssertionError failure(String what, FutureTask<String> stdout, FutureTask<String> stderr) {
        return new AssertionError(describe() + " " + what + "\n--- stderr ---\n" + quote(stderr) + "\n--- stdout ---\n"
                + quote(stdout));
    }

    private static String quote(FutureTask<String> stream) {
        String text;
        try {
            text = stream.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return "(unreadable: " + e + ")";
        }
        return text.length() <= QUOTED_CHARS ? text : "..." + text.substring(text.length() - QUOTED_CHARS);
    }

    private String output(FutureTask<String> stream, String name) throws InterruptedException {
        try {
            return stream.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read the " + name + " of " + describe(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(describe() + " exited, but its " + name + " stayed open for "
                    + OUTPUT_GRACE.toSeconds() + " s (a process it started still holds it)");
        }
    }

    /** Reads {@code stream} to its end on a thread of its own. */
    private static FutureTask<String> drain(InputStream stream, String name) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofPlatform().daemon().name("drain " + name).start(task);
        return task;
    }
}
