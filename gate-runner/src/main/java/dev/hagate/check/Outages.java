package dev.hagate.check;

import dev.hagate.history.Operation;
import dev.hagate.history.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outages a probe's clients saw: for each run of failed or unknown operations, the time from the
 * invocation of its first operation to the completion of the next successful one. That is how long a client
 * that started then waited to get through. Only the operation the probe repeats counts (an amqp probe's
 * {@code publish}, not the {@code consume} of what was published before), and each client on its own:
 * interleaved, one client's outage would hide between the others' successes. Lengths are measured on the run's
 * monotonic clock when the history has it ({@link Timeline}). The {@code max-outage} check and the timeline
 * picture both measure here, so the picture shows the outage the check judged.
 */
public final class Outages {

    private Outages() {}

    /**
     * One outage: from the invocation of the first failed operation of a run to the completion of the next
     * successful one, or to the last operation's completion when none followed ({@code ended} false).
     *
     * @param client empty for a probe with one client, else its name ({@code client 2})
     * @param start  wall-clock time, for the reader
     * @param length measured on the time line of the operations ({@link Timeline})
     */
    public record Outage(String client, Instant start, Instant end, Duration length, int failedOperations, boolean ended) {}

    /** Every outage in {@code ops} (operations of one kind, of one client), in time order. */
    public static List<Outage> of(List<Operation> ops) {
        return of("", ops);
    }

    private static List<Outage> of(String client, List<Operation> ops) {
        Timeline timeline = Timeline.of(ops);
        List<Operation> sorted = ops.stream().sorted(Comparator.comparingLong(timeline::invoked)).toList();
        List<Outage> outages = new ArrayList<>();
        Operation first = null;
        int failed = 0;
        for (Operation o : sorted) {
            if (!o.ok()) {
                failed++;
                if (first == null) {
                    first = o;
                }
            } else if (first != null) {
                outages.add(outage(client, timeline, first, o, failed, true));
                first = null;
                failed = 0;
            }
        }
        if (first != null) {
            outages.add(outage(client, timeline, first, sorted.get(sorted.size() - 1), failed, false));
        }
        return outages;
    }

    /**
     * The outage a probe is judged on: the first that never ended, in the order of its clients, since it fails
     * whatever its length; else the longest (the earliest client's, of equal ones). Empty when no operation
     * of kind {@code op} failed.
     *
     * @param probeOps every operation of the probe; only those of kind {@code op} are looked at
     */
    public static Optional<Outage> worst(List<Operation> probeOps, String op, Clients clients) {
        List<Operation> repeated = probeOps.stream().filter(o -> o.op().equals(op)).toList();
        Outage worst = null;
        for (Map.Entry<String, List<Operation>> client : clients.split(repeated).entrySet()) {
            for (Outage outage : of(client.getKey(), client.getValue())) {
                if (!outage.ended()) {
                    return Optional.of(outage);
                }
                if (worst == null || outage.length().compareTo(worst.length()) > 0) {
                    worst = outage;
                }
            }
        }
        return Optional.ofNullable(worst);
    }

    private static Outage outage(String client, Timeline timeline, Operation first, Operation last, int failed, boolean ended) {
        return new Outage(client, first.invokedAt(), last.completedAt(),
                Duration.ofNanos(timeline.completed(last) - timeline.invoked(first)), failed, ended);
    }
}
