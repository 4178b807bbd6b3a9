package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.Timeline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a probe's successful operations took in one phase (warm-up, before the fault; cool-down, after
 * recovery): their 99th percentile against the limit, with the median beside it. A change that makes every
 * request slow, yet answered, shows here. Latencies are measured on the run's monotonic clock when the
 * history has it.
 */
public final class LatencyCheck implements Check {

    private final String probe;
    private final String op;
    private final String phase;
    private final Duration limit;

    /**
     * @param op    the operation kind the probe repeats; other kinds are ignored
     * @param phase {@link Phases#WARMUP} or {@link Phases#COOLDOWN}
     */
    public LatencyCheck(String probe, String op, String phase, Duration limit) {
        this.probe = probe;
        this.op = op;
        this.phase = phase;
        this.limit = limit;
    }

    @Override
    public String name() {
        return phase + "-latency(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        double limitMs = millis(limit);
        Optional<Operation> window = Phases.find(histories, phase);
        if (window.isEmpty()) {
            return CheckResult.unmeasurable(name(), limitMs, "ms", "the scenario recorded no " + Phases.label(phase));
        }
        List<Operation> ops = histories.of(probe).stream().filter(o -> o.op().equals(op)).toList();
        Timeline timeline = Timeline.of(ops, List.of(window.get()));
        long from = timeline.invoked(window.get());
        long to = timeline.completed(window.get());
        long[] latencies = ops.stream().filter(o -> o.ok() && timeline.invoked(o) >= from && timeline.invoked(o) <= to)
                .mapToLong(o -> o.latency().toNanos()).sorted().toArray();
        if (latencies.length == 0) {
            return CheckResult.unmeasurable(name(), limitMs, "ms", "no successful " + op + " in the " + Phases.label(phase));
        }
        double p50 = percentile(latencies, 50) / 1e6;
        double p99 = percentile(latencies, 99) / 1e6;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("p50", p50);
        return new CheckResult(name(), p99, limitMs, "ms", p99 <= limitMs, String.format(Locale.ROOT,
                "p99 %.2f ms, p50 %.2f ms over %d successful %s operations in the %s", p99, p50, latencies.length, op, Phases.label(phase)),
                figures);
    }

    /** The nearest-rank percentile of sorted {@code values}: the smallest value at least {@code p}% of them do not exceed. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
