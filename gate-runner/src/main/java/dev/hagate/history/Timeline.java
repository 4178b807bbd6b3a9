package dev.hagate.history;

import dev.hagate.history.Operation;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * One time line on which to judge a set of operations: the runner's monotonic clock when every one of them
 * carries it, so that a step of the wall clock neither hides nor invents an outage; else the wall clock
 * (histories written before the monotonic clock was recorded). Positions are nanoseconds, comparable only
 * between positions on the same time line.
 */
public final class Timeline {

    private final boolean monotonic;

    private Timeline(boolean monotonic) {
        this.monotonic = monotonic;
    }

    /** The time line on which all of {@code operations} can be compared. */
    @SafeVarargs
    public static Timeline of(Collection<Operation>... operations) {
        return new Timeline(Stream.of(operations).flatMap(Collection::stream).allMatch(Operation::monotonic));
    }

    /** Whether positions are on the monotonic clock. */
    public boolean monotonic() {
        return monotonic;
    }

    public long invoked(Operation o) {
        return monotonic ? o.invokedNanos() : nanos(o.invokedAt());
    }

    public long completed(Operation o) {
        return monotonic ? o.completedNanos() : nanos(o.completedAt());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
