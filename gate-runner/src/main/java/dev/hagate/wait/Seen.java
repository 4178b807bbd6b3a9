package dev.hagate.wait;

import java.util.Objects;
import java.util.Optional;

/**
 * One look at a condition: either it holds, with the value it gives, or not yet, with what was seen instead
 * (shown when the wait times out, so the message says why it did not hold).
 *
 * @param <T> what the condition gives once it holds
 */
public final class Seen<T> {

    private final T value;
    private final String instead;

    private Seen(T value, String instead) {
        this.value = value;
        this.instead = instead;
    }

    /** The condition holds and gives {@code value} (never null). */
    public static <T> Seen<T> done(T value) {
        return new Seen<>(Objects.requireNonNull(value, "value"), null);
    }

    /** The condition does not hold yet; {@code instead} says what was seen, as a phrase ("held by ctl1, ctl2"). */
    public static <T> Seen<T> notYet(String instead) {
        return new Seen<>(null, Objects.requireNonNull(instead, "instead"));
    }

    /** The value once the condition holds; empty while it does not. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** What was seen instead, when the condition did not hold. */
    public String instead() {
        return instead == null ? "" : instead;
    }
}
