package dev.hagate.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.history.RunClock.Moment;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation a client (or the scenario itself) performed, as one line of a history file.
 *
 * @param probe          who performed it ({@code sql-writer}, {@link History#SCENARIO}, ...)
 * @param op             what it was, one of {@link OperationNames} ({@code write}, {@code read}, {@code recover}, ...)
 * @param invokedAt      wall-clock time, for readers
 * @param result         {@link Result#UNKNOWN} when the outcome cannot be known (a write whose answer was lost)
 * @param detail         a human-readable note, such as the error; may be null
 * @param value          what was written or read (a row id, a list of ids); may be null
 * @param invokedNanos   the same moment on the runner's monotonic clock ({@link RunClock}), in nanoseconds since
 *                       the run's origin; null in histories written before it was recorded
 * @param completedNanos likewise for {@code completedAt}
 * @param errorCode      the error code the server answered a failed operation with (MariaDB's 1213 for a deadlock),
 *                       so that checks need not read it out of {@code detail}; null when there was none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"probe", "op", "invokedAt", "invokedNanos", "completedAt", "completedNanos", "result", "detail", "errorCode", "value"})
public record Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail,
                        JsonNode value, Long invokedNanos, Long completedNanos, Integer errorCode) {

    /** How histories written before {@code errorCode} was recorded carried it: first in the detail, in brackets. */
    private static final Pattern CODE_IN_DETAIL = Pattern.compile("^\\((\\d{1,9})\\) ");

    /** An operation timed on both clocks, with no error code. */
    public Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail,
                     JsonNode value, Long invokedNanos, Long completedNanos) {
        this(probe, op, invokedAt, completedAt, result, detail, value, invokedNanos, completedNanos, null);
    }

    /** An operation timed on the wall clock only, as histories were before the monotonic clock was recorded. */
    public Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail, JsonNode value) {
        this(probe, op, invokedAt, completedAt, result, detail, value, null, null, null);
    }

    /** An operation timed on both of the runner's clocks. */
    public static Operation of(String probe, String op, Moment invoked, Moment completed, Result result, String detail,
                               JsonNode value) {
        return new Operation(probe, op, invoked.wall(), completed.wall(), result, detail, value, invoked.nanos(), completed.nanos());
    }

    /** The same operation, answered with the server's error {@code code}. */
    public Operation withErrorCode(int code) {
        return new Operation(probe, op, invokedAt, completedAt, result, detail, value, invokedNanos, completedNanos, code);
    }

    /**
     * The operation as it is judged today when it was read from an older history: a failed operation written
     * before its error code had a field of its own carries the code where its detail begins, {@code (1213) ...}.
     */
    Operation withErrorCodeOfOlderHistories() {
        if (errorCode != null || result == Result.OK || detail == null) {
            return this;
        }
        Matcher code = CODE_IN_DETAIL.matcher(detail);
        return code.find() ? withErrorCode(Integer.parseInt(code.group(1))) : this;
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
