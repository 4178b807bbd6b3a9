package dev.hagate.wait;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for a condition by looking at it every {@code poll} until it holds or {@code timeout} passes, on the
 * monotonic clock. A wait names what it waits for, and its timeout says for how long it waited and what was
 * seen last, for example "one VIP holder, steady for 3 s: not within 30 s (last seen: held by ctl1, ctl2)".
 * Who owns a timeout (the change, the lab) is the caller's to say, through the exception it asks for.
 * <pre>{@code
 * String holder = Wait.until("one VIP holder", Duration.ofSeconds(30))
 *         .pollingEvery(Duration.ofMillis(200))
 *         .on(() -> ..., DeploymentException::new);
 * }</pre>
 */
public final class Wait {

    /** How often a condition is looked at unless said otherwise. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(200);

    private final String what;
    private final Duration timeout;
    private final Duration poll;

    private Wait(String what, Duration timeout, Duration poll) {
        this.what = Objects.requireNonNull(what, "what");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /** A wait of at most {@code timeout} for {@code what} (a phrase naming the condition). */
    public static Wait until(String what, Duration timeout) {
        return new Wait(what, timeout, DEFAULT_POLL);
    }

    /** The same wait, looking at its condition every {@code poll}. */
    public Wait pollingEvery(Duration poll) {
        return new Wait(what, timeout, poll);
    }

    /**
     * Looks at {@code condition} until it holds (at least once, however short the timeout).
     *
     * @param onTimeout makes the exception thrown when the condition did not hold in time, from a message
     *                  naming what was waited for, for how long, and what was seen last
     * @return the value the condition gave
     */
    public <T> T on(Supplier<Seen<T>> condition, Function<String, ? extends RuntimeException> onTimeout) {
        long start = System.nanoTime();
        while (true) {
            Seen<T> seen = condition.get();
            if (seen.value().isPresent()) {
                return seen.value().get();
            }
            long left = timeout.toNanos() - (System.nanoTime() - start);
            if (left <= 0) {
                throw onTimeout.apply(what + ": not within " + seconds(timeout)
                        + (seen.instead().isEmpty() ? "" : " (last seen: " + seen.instead() + ")"));
            }
            LockSupport.parkNanos(Math.min(poll.toNanos(), left));
            if (Thread.currentThread().isInterrupted()) {
                throw onTimeout.apply(what + ": interrupted after " + seconds(Duration.ofNanos(System.nanoTime() - start)));
            }
        }
    }

    /**
     * As {@link #on}, for a wait whose timeout is an answer rather than an error (a probe records what it got):
     * the value the condition gave, or empty when it did not hold within the timeout.
     */
    public <T> Optional<T> tryOn(Supplier<Seen<T>> condition) {
        try {
            return Optional.of(on(condition, TimedOut::new));
        } catch (TimedOut e) {
            return Optional.empty();
        }
    }

    /** The timeout of {@link #tryOn}, which never leaves it. */
    private static final class TimedOut extends RuntimeException {
        TimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /** As {@link #on}, for a condition that only holds or does not ({@code describe} says what was seen). */
    public void onTrue(Supplier<Boolean> condition, Supplier<String> describe,
                       Function<String, ? extends RuntimeException> onTimeout) {
        on(() -> condition.get() ? Seen.done(Boolean.TRUE) : Seen.notYet(describe.get()), onTimeout);
    }

    /**
     * Tries {@code attempt} until it returns rather than throw a {@code failure} (an attempt that fails otherwise
     * ends the wait at once): for conditions looked at by doing the thing, such as a command over SSH that works
     * only once the node answers. The last failure is what was seen, and the cause of the timeout's exception.
     *
     * @param onTimeout makes the exception thrown when no attempt returned in time, from the message (as
     *                  {@link #on}'s) and the last failure (null if none failed, which cannot happen here)
     * @return what the attempt that returned gave (never null: an attempt that gives nothing returns a token)
     */
    public <T, E extends RuntimeException> T retrying(Class<E> failure, Supplier<T> attempt,
                                                      BiFunction<String, E, ? extends RuntimeException> onTimeout) {
        AtomicReference<E> last = new AtomicReference<>();
        return on(() -> {
            try {
                return Seen.done(attempt.get());
            } catch (RuntimeException e) {
                if (!failure.isInstance(e)) {
                    throw e;
                }
                last.set(failure.cast(e));
                return Seen.notYet(String.valueOf(e.getMessage()));
            }
        }, message -> onTimeout.apply(message, last.get()));
    }

    /** The time left of {@code timeout} since {@code startNanos} (monotonic), never negative. */
    public static Duration remaining(long startNanos, Duration timeout) {
        return Duration.ofNanos(Math.max(0, timeout.toNanos() - (System.nanoTime() - startNanos)));
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
