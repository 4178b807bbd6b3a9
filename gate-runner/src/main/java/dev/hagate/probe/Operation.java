package dev.hagate.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * One operation a client (or the scenario itself) performed, as one line of a history file.
 *
 * @param probe       who performed it ({@code sql-writer}, {@code scenario}, ...)
 * @param op          what it was ({@code write}, {@code read}, {@code recover}, ...)
 * @param result      {@link Result#UNKNOWN} when the outcome cannot be known (a write whose answer was lost)
 * @param detail      a human-readable note, such as the error; may be null
 * @param value       what was written or read (a row id, a list of ids); may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(String probe, String op, Instant invokedAt, Instant completedAt, Result result, String detail,
                        JsonNode value) {

    public Duration latency() {
        return Duration.between(invokedAt, completedAt);
    }

    public boolean ok() {
        return result == Result.OK;
    }
}
