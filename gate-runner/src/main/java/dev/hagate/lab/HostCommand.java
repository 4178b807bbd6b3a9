package dev.hagate.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command on the runner's own machine (ip, ssh-keygen, ...) with a timeout. */
public final class HostCommand {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private HostCommand() {}

    /** Runs {@code command}; a non-zero exit is returned, not thrown. */
    public static ExecResult exec(List<String> command, Duration timeout) {
        return exec(command, Map.of(), timeout);
    }

    /** Runs {@code command} with {@code environment} added to the runner's. */
    public static ExecResult exec(List<String> command, Map<String, String> environment, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new java.io.File("/dev/null"));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new LabException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LabException("timed out after " + timeout.toSeconds() + " s waiting for: " + String.join(" ", command));
            }
            return new ExecResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running: " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} and fails with its error output unless it exits 0. */
    public static String run(String... command) {
        ExecResult result = exec(List.of(command), DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.lastErrorLine());
        }
        return result.stdout();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
