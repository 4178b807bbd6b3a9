package dev.hagate.check;

import dev.hagate.probe.Histories;
import dev.hagate.probe.Operation;
import java.time.Duration;
import java.time.Instant;
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

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op))
                .sorted(Comparator.comparing(Operation::invokedAt)).toList();
        double limitSeconds = seconds(limit);
        if (ops.stream().noneMatch(Operation::ok)) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s",
                    ops.isEmpty() ? "the probe recorded no " + op + " operations" : "no " + op + " ever succeeded (" + ops.size() + " tried)");
        }
        Duration worst = Duration.ZERO;
        Instant worstStart = null;
        Instant outageStart = null;
        int failed = 0;
        for (Operation o : ops) {
            if (!o.ok()) {
                failed++;
                if (outageStart == null) {
                    outageStart = o.invokedAt();
                }
            } else if (outageStart != null) {
                Duration outage = Duration.between(outageStart, o.completedAt());
                if (outage.compareTo(worst) > 0) {
                    worst = outage;
                    worstStart = outageStart;
                }
                outageStart = null;
            }
        }
        if (outageStart != null) {
            Duration open = Duration.between(outageStart, ops.get(ops.size() - 1).completedAt());
            return new CheckResult(name(), seconds(open), limitSeconds, "s", false,
                    "still failing when the probe stopped: no successful " + op + " since " + outageStart
                            + " (" + failed + " of " + ops.size() + " failed)");
        }
        String detail = worstStart == null ? "no failed " + op + " among " + ops.size()
                : "longest outage began " + worstStart + "; " + failed + " of " + ops.size() + " " + op + "s failed";
        return CheckResult.measured(name(), seconds(worst), limitSeconds, "s", detail);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
