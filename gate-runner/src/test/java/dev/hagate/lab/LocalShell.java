package dev.hagate.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node shell that is this machine's own {@code sh}, for tests of what node commands do: each command runs
 * under {@code sh -c}, with {@code environment} added to the test's own.
 */
public final class LocalShell implements NodeShell {

    private final String node;
    private final Map<String, String> environment;

    public LocalShell(String node, Map<String, String> environment) {
        this.node = node;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public ExecResult exec(String command, String input, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabException("timed out after " + timeout.toMillis() + " ms: " + command);
            }
            return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: " + command, e);
        }
    }

    @Override
    public void close() {
    }
}
