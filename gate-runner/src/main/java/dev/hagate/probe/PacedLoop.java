package dev.hagate.probe;

import dev.hagate.history.History;
import dev.hagate.history.Operation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * One client thread doing numbered operations at a steady rate and recording each in a history. After a slow
 * operation it does not burst to catch up: a client stuck in an outage comes back at its normal pace.
 * A thread that dies (an exception no operation caught, a history that cannot be written) or that is still
 * in an operation well past its timeout when stopped is a {@link #failure}: the probe went quiet.
 */
final class PacedLoop {

    /** How much longer than its timeout an operation in flight may take to finish when the loop is stopped. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(1);

    private final String name;
    private final Duration interval;
    private final Duration operationTimeout;
    private final LongFunction<Operation> operation;
    private final History history;
    private volatile boolean running;
    private volatile long done;
    private volatile String failure;
    private Thread thread;

    /**
     * @param operationTimeout the longest one operation can take, by the client's own timeouts
     * @param operation        does operation number {@code n} (1, 2, ...) and says how it went
     */
    PacedLoop(String name, double rate, Duration operationTimeout, History history, LongFunction<Operation> operation) {
        this.name = name;
        this.interval = Duration.ofNanos((long) (1e9 / rate));
        this.operationTimeout = operationTimeout;
        this.history = history;
        this.operation = operation;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the operation in flight, waiting for it up to its timeout and a margin. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(operationTimeout.plus(STOP_MARGIN).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive() && failure == null) {
                failure = "client thread " + name + " was still in operation " + (done + 1) + " when stopped, "
                        + (operationTimeout.plus(STOP_MARGIN).toMillis() / 1000.0) + " s after it was asked to stop"
                        + " (its timeout is " + operationTimeout.toMillis() / 1000.0 + " s)";
            }
        }
    }

    /** Why the thread stopped recording before it was stopped; empty while it works. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void loop() {
        long next = System.nanoTime();
        try {
            while (running) {
                LockSupport.parkNanos(next - System.nanoTime());
                history.record(operation.apply(done + 1));
                done++;
                next = Math.max(next + interval.toNanos(), System.nanoTime());
            }
        } catch (RuntimeException | Error e) {
            // Without this the thread would end in silence and the scenario would be judged on what it recorded so far.
            failure = "client thread " + name + " died after " + done + " operations: " + e;
        }
    }
}
