package org.tokenheatmap.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A reference program that stays up for the whole test JVM and answers each request line with one reply line, such as
 * {@code npz_reference.py serve}: numpy is imported once instead of once per call. Started on the first request and
 * again after it died; a request not answered within the program's timeout fails the test. The program exits when its
 * stdin closes, which the JVM's exit does; a shutdown hook only hurries it.
 */
public final class LineServer {
    /** Put on the reply queue when the program's stdout ends. */
    private static final String END_OF_OUTPUT = new String("end of output");
    /** What a failure message quotes of the program's stderr, from its end. */
    private static final int STDERR_TAIL = 20_000;

    private final ExternalProcess program;
    private final StringBuilder stderrTail = new StringBuilder();
    private volatile Process process;
    private BufferedWriter requests;
    private BlockingQueue<String> replies;

    /** {@code program}'s command, directory, environment and timeout (per request); it must not have stdin text. */
    public LineServer(ExternalProcess program) {
        if (program.stdin() != null) throw new IllegalArgumentException("a line server's stdin carries its requests");
        this.program = program;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    /** Sends one line (which must not contain a line break) and returns the program's one-line reply. */
    public synchronized String request(String line) {
        if (process == null || !process.isAlive()) start();
        try {
            requests.write(line);
            requests.newLine();
            requests.flush();
            String reply = replies.poll(program.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                stop();
                throw failure("did not answer within " + program.timeout().toSeconds() + " s", line);
            }
            if (reply == END_OF_OUTPUT) {
                // Its stdout can end before the process does: forget it now, so that the next request starts another.
                Process ended = process;
                stop();
                ended.waitFor(5, TimeUnit.SECONDS);
                throw failure("exited", line);
            }
            return reply;
        } catch (IOException e) {
            stop();
            throw failure("stopped reading requests (" + e.getMessage() + ")", line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + program.describe(), e);
        }
    }

    private void start() {
        process = program.start();
        requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        replies = queue;
        readLines(process.getInputStream(), "replies", queue::add);
        readLines(process.getErrorStream(), "stderr", this::keepStderr);
    }

    private void stop() {
        Process running = process;
        process = null;
        if (running != null) running.destroy();
    }

    private AssertionError failure(String what, String request) {
        synchronized (stderrTail) {
            return new AssertionError(program.describe() + " " + what + " on the request " + request
                    + "\n--- stderr ---\n" + stderrTail);
        }
    }

    private void keepStderr(String line) {
        if (line == END_OF_OUTPUT) return;
        synchronized (stderrTail) {
            stderrTail.append(line).append('\n');
            if (stderrTail.length() > STDERR_TAIL) stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
        }
    }

    /** Hands each line of {@code stream} to {@code sink} on a thread of its own, then {@link #END_OF_OUTPUT}. */
    private static void readLines(InputStream stream, String name, Consumer<String> sink) {
        Thread.ofPlatform().daemon().name("line server " + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) sink.accept(line);
            } catch (IOException e) {
                // the program was stopped; what it said so far is kept
            } finally {
                sink.accept(END_OF_OUTPUT);
            }
        });
    }
}
