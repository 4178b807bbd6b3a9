package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The share of a probe's operations that failed (or whose outcome is unknown) once the fault had had the time
 * the scenario allows for an outage: from the moment the fault was in effect plus that allowance, to the end of
 * cool-down. A degraded service shows here and not in {@code max-outage}: a pool with one dead member fails one
 * request in three, and every success between the failures ends an outage. Operations are placed on the run's
 * monotonic clock when the history has it.
 */
public final class FailureRateCheck implements Check {

    private final String probe;
    private final String op;
    private final Duration allowedOutage;
    private final double limitPercent;

    /**
     * @param op            the operation kind the probe repeats; other kinds are ignored
     * @param allowedOutage the scenario's allowed outage for this probe (its {@code max-outage} limit)
     * @param limitPercent  the largest share of failures accepted, in percent
     */
    public FailureRateCheck(String probe, String op, Duration allowedOutage, double limitPercent) {
        this.probe = probe;
        this.op = op;
        this.allowedOutage = allowedOutage;
        this.limitPercent = limitPercent;
    }

    @Override
    public String name() {
        return "failure-rate(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        Optional<Operation> fault = Phases.find(histories, Phases.FAULT);
        Optional<Operation> cooldown = Phases.find(histories, Phases.COOLDOWN);
        if (fault.isEmpty() || cooldown.isEmpty()) {
            return CheckResult.unmeasurable(name(), limitPercent, "%", "the scenario recorded no "
                    + (fault.isEmpty() ? "fault in effect" : "cool-down"));
        }
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op)).toList();
        Timeline timeline = Timeline.of(ops, List.of(fault.get(), cooldown.get()));
        long from = timeline.completed(fault.get()) + allowedOutage.toNanos();
        long to = timeline.completed(cooldown.get());
        String window = "from " + MaxOutageCheck.seconds(allowedOutage) + " s after the fault was in effect to the end of cool-down";
        List<Operation> counted = ops.stream().filter(o -> timeline.invoked(o) >= from && timeline.invoked(o) <= to).toList();
        if (counted.isEmpty()) {
            return CheckResult.unmeasurable(name(), limitPercent, "%", "no " + op + " " + window);
        }
        long failed = counted.stream().filter(o -> !o.ok()).count();
        double percent = 100.0 * failed / counted.size();
        return CheckResult.measured(name(), percent, limitPercent, "%", String.format(Locale.ROOT, "%d of %d %s operations failed %s",
                failed, counted.size(), op, window));
    }
}
