package dev.hagate.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.history.RunClock.Moment;
import java.time.Duration;
import java.time.Instant;

/**
 * One operation a client (or the scenario itself) performed, as one line of a history file.
 *
 * @param probe          who performed it ({@code sql-writer}, {@code scenario}, ...)
 * @param op             what it was ({@code write}, {@code read}, {@code recover}, ...)
 * @param invokedAt      wall-clock time, for readers
 * @param result         {@link Result#UNKNOWN} when the outcome cannot be known (a write whose answer was lost)
 * @param detail         a human-readable note, such as the error; may be null
 * @param value          what was written or read (a row id, a list of ids); may be null
 * @param invokedNanos   the same moment on the runner's monotonic clock ({@link RunClock}), in nanoseconds since
 *                       the run's origin; null in histories written before it was recorded
 * @param completedNanos likewise for {@code completedAt}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"probe", "op", "invokedAt", "invokedNanos", "completedAt", "completedNanos", "result", "detail", "value"})
public record Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail,
                        JsonNode value, Long invokedNanos, Long completedNanos) {

    /** An operation timed on the wall clock only, as histories were before the monotonic clock was recorded. */
    public Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail, JsonNode value) {
        this(probe, op, invokedAt, completedAt, result, detail, value, null, null);
    }

    /** An operation timed on both of the runner's clocks. */
    public static Operation of(String probe, String op, Moment invoked, Moment completed, Result result, String detail,
                               JsonNode value) {
        return new Operation(probe, op, invoked.wall(), completed.wall(), result, detail, value, invoked.nanos(), completed.nanos());
    }

    /** Whether both ends carry the monotonic clock. */
    public boolean monotonic() {
        return invokedNanos != null && completedNanos != null;
    }

    /** How long it took: on the monotonic clock when the history has it, else on the wall clock. */
    public Duration latency() {
        return monotonic() ? Duration.ofNanos(completedNanos - invokedNanos) : Duration.between(invokedAt, completedAt);
    }

    public boolean ok() {
        return result == Result.OK;
    }
}
