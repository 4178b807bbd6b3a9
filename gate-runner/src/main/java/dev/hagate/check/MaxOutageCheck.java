package dev.hagate.check;

import dev.hagate.check.Outages.Outage;
import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The longest outage a probe's clients saw, as {@link Outages} measures it: for each run of failed or unknown
 * operations, the time from the invocation of its first operation to the completion of the next successful one.
 * That is how long a client that started then waited to get through. The resolution is the probe's interval between operations (50 ms
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

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op)).toList();
        double limitSeconds = seconds(limit);
        if (ops.stream().noneMatch(Operation::ok)) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s",
                    ops.isEmpty() ? "the probe recorded no " + op + " operations" : "no " + op + " ever succeeded (" + ops.size() + " tried)");
        }
        long failed = ops.stream().filter(o -> !o.ok()).count();
        Optional<Outage> worst = Outages.worst(ops, op, clients);
        if (worst.isPresent() && !worst.get().ended()) {
            return new CheckResult(name(), seconds(worst.get().length()), limitSeconds, "s", false,
                    "still failing when the probe stopped" + Clients.suffix(worst.get().client()) + ": no successful " + op
                            + " since " + worst.get().start() + " (" + failed + " of " + ops.size() + " failed)");
        }
        String detail = worst.map(w -> "longest outage" + Clients.suffix(w.client()) + " began " + w.start() + "; " + failed + " of "
                + ops.size() + " " + op + "s failed").orElse("no failed " + op + " among " + ops.size());
        return CheckResult.measured(name(), worst.map(w -> seconds(w.length())).orElse(0.0), limitSeconds, "s", detail);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
