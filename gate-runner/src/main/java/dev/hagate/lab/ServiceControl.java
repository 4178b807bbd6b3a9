package dev.hagate.lab;

import java.util.List;

/**
 * How services are started and stopped on a node. The deployer and the faults say what to run; the lab says
 * how: systemd units on real nodes, a pidfile per service under {@code /run/hagate} on namespace nodes,
 * which have no init (there the node's boot starts what {@link #enableAtBoot} registered).
 */
public interface ServiceControl {

    /** Starts {@code name} as the foreground program {@code argv}, unless it is already running. */
    void start(String name, List<String> argv);

    /** SIGKILLs {@code name}, as a crash would; returns whether it was running. */
    boolean kill(String name);

    /** Stops {@code name} gracefully (SIGTERM), waiting until it has exited. */
    void stop(String name);

    boolean isRunning(String name);

    /**
     * Registers {@code name} to be started as {@code argv} whenever the node boots (after a power loss, say),
     * as {@code systemctl enable} does; services start in the order they were registered. Registering a name
     * again replaces its command and keeps its place.
     */
    void enableAtBoot(String name, List<String> argv);
}
