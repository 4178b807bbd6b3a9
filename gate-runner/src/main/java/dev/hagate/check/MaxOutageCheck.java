package dev.hagate.check;

import dev.hagate.probe.Histories;
import dev.hagate.probe.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The longest outage a probe's clients saw: for each run of failed or unknown operations, the time from the
 * invocation of its first operation to the completion of the next successful one. That is how long a client
 * that started then waited to get through. The resolution is the probe's interval between operations (50 ms
 * at 20/s) plus one failing operation's latency. An outage that never ended fails the check whatever its length.
 */
public final class MaxOutageCheck implements Check {

    private final String probe;
    private final String op;
    private final Duration limit;

    /** @param op the operation kind the probe repeats, such as {@code write}; other kinds are ignored */
    public MaxOutageCheck(String probe, String op, Duration limit) {
        this.probe = probe;
        this.op = op;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "max-outage(" + probe + ")";
    }

    /**
     * One outage: from the invocation of the first failed operation of a run to the completion of the next
     * successful one, or to the last operation's completion when none followed ({@code ended} false).
     */
    public record Outage(Instant start, Instant end, int failedOperations, boolean ended) {
        public Duration length() {
            return Duration.between(start, end);
        }
    }

    /** Every outage in {@code ops} (operations of one kind), in time order. */
    public static List<Outage> outages(List<Operation> ops) {
        List<Operation> sorted = ops.stream().sorted(Comparator.comparing(Operation::invokedAt)).toList();
        List<Outage> outages = new ArrayList<>();
        Instant start = null;
        int failed = 0;
        for (Operation o : sorted) {
            if (!o.ok()) {
                failed++;
                if (start == null) {
                    start = o.invokedAt();
                }
            } else if (start != null) {
                outages.add(new Outage(start, o.completedAt(), failed, true));
                start = null;
                failed = 0;
            }
        }
        if (start != null) {
            outages.add(new Outage(start, sorted.get(sorted.size() - 1).completedAt(), failed, false));
        }
        return outages;
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op)).toList();
        double limitSeconds = seconds(limit);
        if (ops.stream().noneMatch(Operation::ok)) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s",
                    ops.isEmpty() ? "the probe recorded no " + op + " operations" : "no " + op + " ever succeeded (" + ops.size() + " tried)");
        }
        List<Outage> outages = outages(ops);
        long failed = ops.stream().filter(o -> !o.ok()).count();
        Outage open = outages.stream().filter(o -> !o.ended()).findFirst().orElse(null);
        if (open != null) {
            return new CheckResult(name(), seconds(open.length()), limitSeconds, "s", false,
                    "still failing when the probe stopped: no successful " + op + " since " + open.start()
                            + " (" + failed + " of " + ops.size() + " failed)");
        }
        Outage worst = outages.stream().max(Comparator.comparing(Outage::length)).orElse(null);
        String detail = worst == null ? "no failed " + op + " among " + ops.size()
                : "longest outage began " + worst.start() + "; " + failed + " of " + ops.size() + " " + op + "s failed";
        return CheckResult.measured(name(), worst == null ? 0 : seconds(worst.length()), limitSeconds, "s", detail);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
