package io.jitfarm.jit.conventional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (clang, node) to completion and times it from start to exit, as a tuner waits for it. */
final class ToolProcess {

    /**
     * @param output    stdout and stderr together, in the order the tool wrote them
     * @param wallNanos from just before the process was started to its exit
     */
    record Result(int exitCode, String output, long wallNanos) {
    }

    private ToolProcess() {
    }

    static Result run(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException notStarted) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + notStarted.getMessage(),
                    notStarted);
        }
        // One merged stream read to its end in this thread: it cannot fill up and block the tool.
        String output = readAll(process.getInputStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), interrupted);
        }
        return new Result(process.exitValue(), output, System.nanoTime() - start);
    }

    /** Runs the tool and returns its output, failing with that output if the tool does. */
    static String output(List<String> command, Duration timeout) {
        Result result = run(command, timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
        return result.output();
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
