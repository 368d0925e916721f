package io.jitfarm.jit.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool the tests depend on. A tool that is missing fails the test instead of skipping it:
 * the project's setup installs every one of them, so absence is a broken machine, not an option.
 */
public final class ExternalProcess {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static final Executor ON_NEW_THREAD = task -> new Thread(task).start();

    private ExternalProcess() {
    }

    public static Result run(Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException notStarted) {
            throw new AssertionError("could not run " + command.get(0)
                    + " (is it installed and on the PATH? the project's setup installs it)", notStarted);
        }
        // Each stream gets its own thread so a chatty tool cannot block on a full pipe, however
        // few cores the shared pool has.
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), ON_NEW_THREAD);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), ON_NEW_THREAD);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, interrupted);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
