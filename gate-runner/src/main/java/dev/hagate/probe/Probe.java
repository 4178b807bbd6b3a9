package dev.hagate.probe;

import java.util.Optional;

/**
 * A real client that keeps using the cloud while a scenario runs and records every operation in its history.
 * Lifecycle: {@link #prepare}, {@link #start}, {@link #stop}, {@link #verify}; each called once, in order.
 */
public interface Probe {

    /** The probe's name, which is also its history's name. */
    String name();

    /** Sets up what the workload needs (a table, a queue) before the fault; failures here mean the cloud is unusable. */
    default void prepare() throws Exception {}

    /** Starts the workload in the background and returns at once. */
    void start();

    /** Stops the workload and waits for the operation in flight. */
    void stop();

    /** After recovery: reads back what the workload wrote, recorded in the history for the checks. */
    default void verify() {}

    /**
     * Why the probe stopped measuring on its own before it was stopped: a client thread that died, or one still
     * in an operation long past its timeout. Empty while it works; asked after {@link #stop}.
     */
    Optional<String> failure();
}
