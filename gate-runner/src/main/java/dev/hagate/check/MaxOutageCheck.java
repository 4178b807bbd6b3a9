package dev.hagate.check;

import dev.hagate.history.Timeline;
import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The longest outage a probe's clients saw: for each run of failed or unknown operations, the time from the
 * invocation of its first operation to the completion of the next successful one. That is how long a client
 * that started then waited to get through. The resolution is the probe's interval between operations (50 ms
 * at 20/s) plus one failing operation's latency. An outage that never ended fails the check whatever its length.
 * A probe with several clients is judged per client, and the worst client counts: interleaved, one client's
 * outage would hide between the others' successes. Lengths are measured on the run's monotonic clock when the
 * history has it, so a step of the wall clock neither hides nor invents an outage.
 */
public final class MaxOutageCheck implements Check {

    private final String probe;
    private final String op;
    private final Duration limit;
    private final Clients clients;

    /** @param op the operation kind the probe repeats, such as {@code write}; other kinds are ignored */
    public MaxOutageCheck(String probe, String op, Duration limit) {
        this(probe, op, limit, Clients.ONE);
    }

    public MaxOutageCheck(String probe, String op, Duration limit, Clients clients) {
        this.probe = probe;
        this.op = op;
        this.limit = limit;
        this.clients = clients;
    }

    @Override
    public String name() {
        return "max-outage(" + probe + ")";
    }

    /**
     * One outage: from the invocation of the first failed operation of a run to the completion of the next
     * successful one, or to the last operation's completion when none followed ({@code ended} false).
     *
     * @param start  wall-clock time, for the reader
     * @param length measured on the time line of the operations ({@link Timeline})
     */
    public record Outage(Instant start, Instant end, Duration length, int failedOperations, boolean ended) {}

    /** Every outage in {@code ops} (operations of one kind, of one client), in time order. */
    public static List<Outage> outages(List<Operation> ops) {
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
                outages.add(outage(timeline, first, o, failed, true));
                first = null;
                failed = 0;
            }
        }
        if (first != null) {
            outages.add(outage(timeline, first, sorted.get(sorted.size() - 1), failed, false));
        }
        return outages;
    }

    private static Outage outage(Timeline timeline, Operation first, Operation last, int failed, boolean ended) {
        return new Outage(first.invokedAt(), last.completedAt(), Duration.ofNanos(timeline.completed(last) - timeline.invoked(first)),
                failed, ended);
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op)).toList();
        double limitSeconds = seconds(limit);
        if (ops.stream().noneMatch(Operation::ok)) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s",
                    ops.isEmpty() ? "the probe recorded no " + op + " operations" : "no " + op + " ever succeeded (" + ops.size() + " tried)");
        }
        long failed = ops.stream().filter(o -> !o.ok()).count();
        Outage worst = null;
        String worstClient = "";
        for (Map.Entry<String, List<Operation>> client : clients.split(ops).entrySet()) {
            for (Outage outage : outages(client.getValue())) {
                if (!outage.ended()) {
                    return new CheckResult(name(), seconds(outage.length()), limitSeconds, "s", false,
                            "still failing when the probe stopped" + Clients.suffix(client.getKey()) + ": no successful " + op
                                    + " since " + outage.start() + " (" + failed + " of " + ops.size() + " failed)");
                }
                if (worst == null || outage.length().compareTo(worst.length()) > 0) {
                    worst = outage;
                    worstClient = client.getKey();
                }
            }
        }
        String detail = worst == null ? "no failed " + op + " among " + ops.size()
                : "longest outage" + Clients.suffix(worstClient) + " began " + worst.start() + "; " + failed + " of " + ops.size()
                + " " + op + "s failed";
        return CheckResult.measured(name(), worst == null ? 0 : seconds(worst.length()), limitSeconds, "s", detail);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
