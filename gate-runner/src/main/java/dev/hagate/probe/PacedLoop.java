package dev.hagate.probe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * One client thread doing numbered operations at a steady rate and recording each in a history. After a slow
 * operation it does not burst to catch up: a client stuck in an outage comes back at its normal pace.
 */
final class PacedLoop {

    private final String name;
    private final Duration interval;
    private final LongFunction<Operation> operation;
    private final History history;
    private volatile boolean running;
    private Thread thread;

    /** @param operation does operation number {@code n} (1, 2, ...) and says how it went */
    PacedLoop(String name, double rate, History history, LongFunction<Operation> operation) {
        this.name = name;
        this.interval = Duration.ofNanos((long) (1e9 / rate));
        this.history = history;
        this.operation = operation;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the operation in flight, waiting for it up to 10 s. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long next = System.nanoTime();
        long n = 0;
        while (running) {
            LockSupport.parkNanos(next - System.nanoTime());
            history.record(operation.apply(++n));
            next = Math.max(next + interval.toNanos(), System.nanoTime());
        }
    }
}
