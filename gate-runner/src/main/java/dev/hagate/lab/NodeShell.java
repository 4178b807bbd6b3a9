package dev.hagate.lab;

import java.time.Duration;

/**
 * A root shell on one lab node, the only way the runner acts on nodes (the same on namespaces, VMs and
 * bare metal). Commands run under {@code /bin/sh -c}.
 */
public interface NodeShell extends AutoCloseable {

    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The node's name in the topology. */
    String node();

    /**
     * Runs {@code command} and returns how it exited.
     *
     * @throws LabException when the node cannot be reached or the command outlives {@code timeout}
     */
    default ExecResult exec(String command, Duration timeout) {
        return exec(command, null, timeout);
    }

    /**
     * Runs {@code command} with {@code input} on its standard input (secrets go this way, never on a
     * command line where any process listing would show them).
     */
    ExecResult exec(String command, String input, Duration timeout);

    /** Runs the program {@code argv} (quoted by {@link ShellWords}) with {@code input} on its standard input. */
    default ExecResult exec(java.util.List<String> argv, String input, Duration timeout) {
        return exec(ShellWords.command(argv), input, timeout);
    }

    /** Writes {@code content} to {@code path} on the node, creating parent directories. */
    default void write(String path, String content, String mode) {
        String dir = path.substring(0, Math.max(path.lastIndexOf('/'), 1));
        String command = ShellWords.script("mkdir -p \"$1\" && cat > \"$2\" && chmod \"$3\" \"$2\"", dir, path, mode);
        ExecResult result = exec(command, content, DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new NodeCommandException(node(), "write " + path, result);
        }
    }

    /**
     * Runs {@code command} and returns its standard output.
     *
     * @throws NodeCommandException when it exits non-zero (the node answered; the command failed)
     */
    default String run(String command) {
        return run(command, DEFAULT_TIMEOUT);
    }

    default String run(String command, Duration timeout) {
        ExecResult result = exec(command, timeout);
        if (!result.ok()) {
            throw new NodeCommandException(node(), command, result);
        }
        return result.stdout();
    }

    @Override
    void close();
}
