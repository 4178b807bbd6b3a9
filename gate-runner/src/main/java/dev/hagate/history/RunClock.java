package dev.hagate.history;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The runner's two clocks, read together: the wall clock, for readers of a history, and a monotonic one, for
 * judging how long things took. The wall clock can be stepped (NTP, an operator, a VM's resume) in either
 * direction; the monotonic one only moves forward, so outages and recovery times are measured on it.
 */
public final class RunClock {

    /** The system's clocks, with one origin for the whole run: the moment the runner first read them. */
    public static final RunClock SYSTEM = new RunClock(Clock.systemUTC(), System::nanoTime);

    private final Clock wall;
    private final LongSupplier ticks;
    private final long origin;

    /** @param ticks a monotonic nanosecond counter, such as {@link System#nanoTime} */
    public RunClock(Clock wall, LongSupplier ticks) {
        this.wall = wall;
        this.ticks = ticks;
        this.origin = ticks.getAsLong();
    }

    /** Now, on both clocks. */
    public Moment now() {
        return new Moment(wall.instant(), ticks.getAsLong() - origin);
    }

    /**
     * One moment as both clocks saw it.
     *
     * @param nanos nanoseconds on the monotonic clock since the run's origin
     */
    public record Moment(Instant wall, long nanos) {}
}
